"""Neural-network building blocks in MindSpore's style (Cell, Dense, losses, optimizers)."""

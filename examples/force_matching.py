"""Force matching: learn a potential-energy network from the forces of a Lennard-Jones cluster.

The physics
-----------
A machine-learned interatomic potential is a network E_theta(R) of the atomic
positions R (n atoms x 3).  Molecular dynamics needs the forces

    F_theta(R) = -dE_theta/dR,

so the potential is trained on reference forces ("force matching"):

    loss(theta) = mean over configurations, atoms and axes of (F_theta - F_ref)^2.

Here the reference is a 13-atom Lennard-Jones cluster in reduced units
(epsilon = sigma = 1, V(r) = 4 (r^-12 - r^-6) for every pair).  The script
samples configurations from two independent Langevin molecular-dynamics
trajectories at temperature T = 0.3 (a liquid-like cluster): one for
training, the other held out for testing.

The model is a learned pair potential, E_theta(R) = sum_{i<j} phi_theta(r_ij)
with phi_theta a small tanh network of 1/r_ij (scaled).  Built from
distances, it is invariant to translations, rotations and permutations of the
atoms, so those symmetries need not be learned.  Forces fix the energy only up
to a constant, which the evaluation removes.

The derivative machinery
------------------------
- ``ms.grad(energy)`` (reverse mode) gives -F: one backward pass returns the
  derivative of the scalar energy with respect to all 3 n coordinates, which
  is why forces are taken in reverse mode.
- The loss contains that gradient, so training needs d/dtheta of dE/dR: the
  second-order *cross* derivative (input and weights) that MindSpore's
  "High-order Derivation" tutorial describes for molecular dynamics.
  ``ms.value_and_grad(loss, None, weights=...)`` computes it by recording the
  inner gradient's backward pass on its own tape (reverse over reverse), and
  dualgrad's ``nn.Adam`` takes the steps.
- At the end the script checks the forces from ``ms.grad`` against central
  finite differences of the energy.

Run::

    python examples/force_matching.py            # full run, about 15 s
    python examples/force_matching.py --quick    # a few dozen steps

The last line printed is the relative RMS force error on the held-out
configurations.  With matplotlib installed the script saves the learned pair
potential against Lennard-Jones and a parity plot of held-out forces
(``--plot PATH``).
"""
import time

# Plumbing shared by the examples; imported first, as it limits BLAS threads
# before NumPy loads.
from _shared import ExampleParser, import_pyplot, make_net, save_figure, train_adam

import numpy as np

import dualgrad as ms
from dualgrad import Tensor, nn, ops

N_ATOMS = 13


# ---------------------------------------------------------------------------
# Reference data: Lennard-Jones energies and forces, Langevin dynamics

def lennard_jones(pos):
    """Energies (B,) and forces (B, n, 3) of configurations pos (B, n, 3)."""
    d = pos[:, :, None, :] - pos[:, None, :, :]              # r_i - r_j
    r2 = (d * d).sum(-1)
    n = pos.shape[1]
    r2[:, np.arange(n), np.arange(n)] = 1.0                   # no self-interaction
    inv6 = r2 ** -3
    pair = 4.0 * (inv6 * inv6 - inv6)
    pair[:, np.arange(n), np.arange(n)] = 0.0
    coef = 24.0 * (2.0 * inv6 * inv6 - inv6) / r2
    coef[:, np.arange(n), np.arange(n)] = 0.0
    return 0.5 * pair.sum((1, 2)), (coef[..., None] * d).sum(2)


def cuboctahedron():
    """A 13-atom start: an atom and its 12 fcc neighbours at the LJ minimum 2^(1/6)."""
    a = 2 ** (1 / 6)
    shell = [(x, y, 0) for x in (-1, 1) for y in (-1, 1)]
    shell += [(x, 0, z) for x in (-1, 1) for z in (-1, 1)]
    shell += [(0, y, z) for y in (-1, 1) for z in (-1, 1)]
    return np.array([(0.0, 0.0, 0.0)] + shell) * a / np.sqrt(2)


def langevin_trajectory(seed, n_snapshots, every=50, temperature=0.3, dt=0.005,
                        friction=1.0, burn_in=1000):
    """Configurations (n_snapshots, 13, 3) sampled every ``every`` BAOAB steps."""
    rng = np.random.default_rng(seed)
    x = cuboctahedron()[None].copy()
    v = rng.normal(scale=np.sqrt(temperature), size=x.shape)
    _, f = lennard_jones(x)
    c1 = np.exp(-friction * dt)
    c2 = np.sqrt((1 - c1 * c1) * temperature)
    out = []
    for step in range(burn_in + n_snapshots * every):
        v += 0.5 * dt * f
        x += 0.5 * dt * v
        v = c1 * v + c2 * rng.normal(size=v.shape)
        x += 0.5 * dt * v
        _, f = lennard_jones(x)
        v += 0.5 * dt * f
        if step >= burn_in and (step - burn_in) % every == every - 1:
            out.append(x[0] - x[0].mean(0))
    return np.array(out)


# ---------------------------------------------------------------------------
# The model: a learned pair potential

class PairPotential(nn.Cell):
    """E(R) = sum over pairs of phi(r_ij), phi a tanh network of a scaled 1/r."""

    def __init__(self, n_atoms=N_ATOMS, width=32):
        super().__init__()
        self.phi = make_net(1, width, hidden=2)       # 1-width-width-1 tanh, float64
        i, j = np.triu_indices(n_atoms, 1)
        incidence = np.zeros((len(i), n_atoms))
        incidence[np.arange(len(i)), i] = 1.0
        incidence[np.arange(len(i)), j] = -1.0
        # r_i - r_j for every pair as one matmul: (pairs, n) @ (B, n, 3).
        self.incidence = Tensor(incidence)

    def pair_energy(self, r):
        """phi(r) for distances r of any shape."""
        s = (1.0 / r - 0.6) * 3.0            # 1/r in [0.2, 1.1] mapped to about [-1, 1.5]
        return ops.reshape(self.phi(ops.reshape(s, (-1, 1))), r.shape)

    def construct(self, pos):
        d = ops.matmul(self.incidence, pos)                # (B, pairs, 3)
        r = ops.sqrt(ops.sum(d * d, -1))                   # (B, pairs)
        return ops.sum(self.pair_energy(r), 1)             # (B,)


class Problem:
    """Reference data, the model and the force-matching loss."""

    def __init__(self, n_train=400, n_test=100, width=32, seed=0):
        self.train_pos = langevin_trajectory(seed + 1, n_train)
        self.test_pos = langevin_trajectory(seed + 2, n_test)
        self.train_energy, self.train_forces = lennard_jones(self.train_pos)
        self.test_energy, self.test_forces = lennard_jones(self.test_pos)
        self.model = PairPotential(N_ATOMS, width)
        # Each configuration's energy depends on its own positions only, so the
        # gradient of the summed energy holds every configuration's dE/dR.
        self.energy_gradient = ms.grad(lambda pos: ops.sum(self.model(pos)))

    def forces(self, pos):
        return -self.energy_gradient(pos)

    def loss(self, pos, forces_ref):
        e = self.forces(pos) - forces_ref
        return ops.mean(e * e)

    def force_error(self, pos=None, forces_ref=None):
        """Relative RMS force error (held-out configurations by default)."""
        pos = self.test_pos if pos is None else pos
        forces_ref = self.test_forces if forces_ref is None else forces_ref
        f = self.forces(Tensor(pos)).asnumpy()
        return float(np.sqrt(((f - forces_ref) ** 2).mean() / (forces_ref ** 2).mean()))

    def energy_error(self):
        """RMS error of held-out energies after removing the constant forces can't fix."""
        e = self.model(Tensor(self.test_pos)).asnumpy() - self.test_energy
        return float(np.sqrt(((e - e.mean()) ** 2).mean()))


def train(problem, steps, batch=32, lr=1e-2, lr_final=2e-4, log_every=250, seed=0,
          log=print):
    """Adam on random mini-batches of configurations; returns (losses, seconds)."""
    rng = np.random.default_rng(seed)
    n = len(problem.train_pos)

    def next_batch():
        idx = rng.choice(n, min(batch, n), replace=False)
        return Tensor(problem.train_pos[idx]), Tensor(problem.train_forces[idx])

    return train_adam(problem.model.trainable_params(), problem.loss, next_batch, steps,
                      lr, lr_final, log_every, log=log,
                      report=lambda: f"held-out force error {problem.force_error():.3e}")


def finite_difference_forces(problem, pos, h=1e-5):
    """-dE/dR of one configuration pos (n, 3) by central differences of the model."""
    out = np.zeros_like(pos)
    for k in np.ndindex(pos.shape):
        plus, minus = pos.copy(), pos.copy()
        plus[k] += h
        minus[k] -= h
        e = problem.model(Tensor(np.stack([plus, minus]))).asnumpy()
        out[k] = -(e[0] - e[1]) / (2 * h)
    return out


def save_plot(problem, path, log=print):
    plt = import_pyplot(log)
    if plt is None:
        return None
    pos = problem.train_pos
    d = pos[:, :, None, :] - pos[:, None, :, :]
    i, j = np.triu_indices(N_ATOMS, 1)
    seen = np.sqrt((d[:, i, j] ** 2).sum(-1)).ravel()
    r = np.linspace(0.9, seen.max(), 300)
    lj = 4 * (r ** -12 - r ** -6)
    phi = problem.model.pair_energy(Tensor(r)).asnumpy()
    # phi is fixed up to a constant by forces: align it with LJ over the sampled distances
    shift = np.mean(problem.model.pair_energy(Tensor(seen)).asnumpy() - 4 * (seen ** -12
                                                                             - seen ** -6))
    f_pred = problem.forces(Tensor(problem.test_pos)).asnumpy().ravel()
    f_ref = problem.test_forces.ravel()
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4.2))
    a.hist(seen, bins=60, density=True, color="0.85", label="sampled distances (density)")
    a.plot(r, lj, "k-", lw=3, alpha=0.35, label="Lennard-Jones 4(r^-12 - r^-6)")
    a.plot(r, phi - shift, "C0--", lw=1.5, label="learned pair potential (shifted)")
    a.set_ylim(-1.3, 2.0), a.set_xlabel("r"), a.set_ylabel("energy"), a.legend(fontsize=8)
    lim = np.abs(f_ref).max() * 1.05
    b.plot([-lim, lim], [-lim, lim], "k-", lw=0.8)
    b.plot(f_ref, f_pred, ".", ms=2, alpha=0.5)
    b.set_xlabel("reference force component"), b.set_ylabel("learned force component")
    b.set_title(f"held-out forces, relative RMS error {problem.force_error():.2e}")
    return save_figure(fig, path, dpi=110, log=log)


def parse_args(argv=None):
    p = ExampleParser(__doc__, "force_matching", steps=3000,
                      quick_help="a short run: a few dozen steps, fewer configurations, a "
                                 "smaller network")
    p.add_argument("--train", type=int, default=400, help="training configurations")
    p.add_argument("--test", type=int, default=100, help="held-out configurations")
    p.add_argument("--batch", type=int, default=32, help="configurations per step")
    p.add_argument("--width", type=int, default=32, help="neurons per hidden layer")
    p.add_argument("--lr", type=float, default=1e-2, help="initial learning rate")
    args = p.parse(argv)
    if args.quick:
        args.train, args.test = min(args.train, 64), min(args.test, 16)
        args.batch, args.width = min(args.batch, 8), min(args.width, 16)
    return args


def main(argv=None):
    args = parse_args(argv)
    ms.set_seed(args.seed)          # seeds the initialisers and numpy.random
    t0 = time.perf_counter()
    problem = Problem(args.train, args.test, args.width, args.seed)
    rms = np.sqrt((problem.test_forces ** 2).mean())
    print(f"Lennard-Jones {N_ATOMS}-atom cluster at T = 0.3: {args.train} training and "
          f"{args.test} held-out configurations from two Langevin trajectories "
          f"({time.perf_counter() - t0:.1f} s); RMS force component {rms:.2f}")
    print(f"pair potential 1-{args.width}-{args.width}-1 tanh (float64), {args.steps} Adam "
          f"steps on batches of {args.batch} configurations")
    losses, seconds = train(problem, args.steps, args.batch, args.lr, seed=args.seed)
    pos = problem.test_pos[0]
    fd = finite_difference_forces(problem, pos)
    ad = problem.forces(Tensor(pos[None]))[0].asnumpy()
    fd_gap = float(np.abs(ad - fd).max())
    print(f"forces from ms.grad vs central differences of E: max difference {fd_gap:.1e}")
    energy_error = problem.energy_error()
    print(f"held-out energy error (RMS, up to a constant): {energy_error:.3e} "
          f"(energies spread by {problem.test_energy.std():.2f})")
    if not args.no_plot:
        save_plot(problem, args.plot)
    error = problem.force_error()
    print(f"held-out force error (relative RMS): {error:.3e}")
    return {"problem": problem, "losses": losses, "seconds": seconds, "error": error,
            "energy_error": energy_error, "fd_gap": fd_gap}


if __name__ == "__main__":
    main()

"""A caching allocator for the arrays a transform creates.

A gradient step allocates and frees the same large buffers every iteration.
glibc serves them with fresh pages from the kernel (mmap, or a heap it trims
after every free), and zeroing those pages cost a third of a small MLP's
gradient time.  While a dualgrad transform runs, NumPy allocates through this
handler instead (NumPy's memory-handler API, set per context, so user code
outside transforms is untouched): freed blocks of 32 KiB and more are kept in
size classes (four per power of two) and handed out again, up to a limit on
the cached bytes (``set_cache_limit``; ``empty_cache`` releases them).
Smaller requests go to NumPy's own allocator, which caches tiny blocks itself.
Blocks of 4 MiB and more ask the kernel for transparent huge pages, as
NumPy's allocator does.
"""
cimport numpy as cnp
import numpy as np

cnp.import_array()

cdef extern from *:
    """
    #include <stdlib.h>
    #include <string.h>
    #include <pthread.h>
    #include <numpy/arrayobject.h>

    /* Each block starts with a header: its size class (-1: served by NumPy's
       default allocator) and its byte size.  16 bytes keep the data as
       aligned as malloc's. */
    #define DG_HEADER 16
    #define DG_MIN_CACHED_LOG2 15          /* 32 KiB */
    #define DG_CLASSES 128

    typedef struct dg_block { struct dg_block *next; } dg_block;

    static dg_block *dg_free_lists[DG_CLASSES];
    static size_t dg_cached_bytes = 0;
    static size_t dg_cache_limit = ((size_t)1) << 30;
    static size_t dg_hits = 0, dg_misses = 0;
    static pthread_mutex_t dg_lock = PTHREAD_MUTEX_INITIALIZER;
    static PyDataMemAllocator *dg_default = NULL;   /* NumPy's default allocator */

    /* Size class of a request: 4 classes per power of two, so a block wastes
       at most a quarter of its size. */
    static int dg_class_of(size_t size, size_t *class_size) {
        if (size <= (((size_t)1) << DG_MIN_CACHED_LOG2)) { *class_size = size; return -1; }
        size_t s = size - 1;
        int p = 63 - __builtin_clzll((unsigned long long)s);
        size_t base = ((size_t)1) << p, step = base >> 2;
        size_t k = (s - base) / step;
        int idx = (p - DG_MIN_CACHED_LOG2) * 4 + (int)k;
        if (idx < 0 || idx >= DG_CLASSES) { *class_size = size; return -1; }
        *class_size = base + (k + 1) * step;
        return idx;
    }

    static void *dg_take(int c, size_t class_size) {
        dg_block *b = NULL;
        pthread_mutex_lock(&dg_lock);
        b = dg_free_lists[c];
        if (b) { dg_free_lists[c] = b->next; dg_cached_bytes -= class_size; dg_hits++; }
        else dg_misses++;
        pthread_mutex_unlock(&dg_lock);
        return b;
    }

    #include <sys/mman.h>
    #include <stdint.h>
    /* Large fresh blocks ask for transparent huge pages, as NumPy's own
       allocator does for arrays of 4 MiB and more: a kernel streaming several
       such arrays otherwise misses the TLB on every 4 KiB page. */
    static void dg_advise_huge(char *raw, size_t size) {
    #if defined(MADV_HUGEPAGE)
        if (size < (((size_t)1) << 22)) return;
        uintptr_t start = ((uintptr_t)raw + 4095) & ~(uintptr_t)4095;
        uintptr_t end = ((uintptr_t)raw + size) & ~(uintptr_t)4095;
        if (end > start) madvise((void *)start, end - start, MADV_HUGEPAGE);
    #endif
    }

    static void *dg_finish(char *raw, int c, size_t class_size) {
        *(int *)raw = c;
        *(size_t *)(raw + 8) = class_size;
        return raw + DG_HEADER;
    }

    static void *dg_malloc(void *ctx, size_t size) {
        size_t cs;
        int c = dg_class_of(size, &cs);
        char *raw = c >= 0 ? (char *)dg_take(c, cs) : NULL;
        if (!raw) {
            if (cs > ((size_t)-1) - DG_HEADER) return NULL;
            raw = c >= 0 ? (char *)malloc(cs + DG_HEADER)
                         : (char *)dg_default->malloc(dg_default->ctx, cs + DG_HEADER);
            if (!raw) return NULL;
            if (c >= 0) dg_advise_huge(raw, cs + DG_HEADER);
        }
        return dg_finish(raw, c, cs);
    }

    static void *dg_calloc(void *ctx, size_t nelem, size_t elsize) {
        if (elsize && nelem > ((size_t)-1) / elsize) return NULL;
        size_t size = nelem * elsize, cs;
        int c = dg_class_of(size, &cs);
        char *raw = c >= 0 ? (char *)dg_take(c, cs) : NULL;
        if (raw) {
            memset(raw + DG_HEADER, 0, cs);
        } else {
            if (cs > ((size_t)-1) - DG_HEADER) return NULL;
            raw = c >= 0 ? (char *)calloc(1, cs + DG_HEADER)
                         : (char *)dg_default->calloc(dg_default->ctx, 1, cs + DG_HEADER);
            if (!raw) return NULL;
        }
        return dg_finish(raw, c, cs);
    }

    static void dg_free(void *ctx, void *ptr, size_t size) {
        if (!ptr) return;
        char *raw = (char *)ptr - DG_HEADER;
        int c = *(int *)raw;
        size_t cs = *(size_t *)(raw + 8);
        if (c < 0) {
            dg_default->free(dg_default->ctx, raw, cs + DG_HEADER);
            return;
        }
        {
            pthread_mutex_lock(&dg_lock);
            if (dg_cached_bytes + cs <= dg_cache_limit) {
                ((dg_block *)raw)->next = dg_free_lists[c];
                dg_free_lists[c] = (dg_block *)raw;
                dg_cached_bytes += cs;
                raw = NULL;
            }
            pthread_mutex_unlock(&dg_lock);
        }
        if (raw) free(raw);
    }

    static void *dg_realloc(void *ctx, void *ptr, size_t new_size) {
        if (!ptr) return dg_malloc(ctx, new_size);
        size_t old = *(size_t *)((char *)ptr - DG_HEADER + 8);
        void *fresh = dg_malloc(ctx, new_size);
        if (!fresh) return NULL;
        memcpy(fresh, ptr, old < new_size ? old : new_size);
        dg_free(ctx, ptr, old);
        return fresh;
    }

    /* Release every cached block to the system. */
    static void dg_empty(void) {
        pthread_mutex_lock(&dg_lock);
        for (int c = 0; c < DG_CLASSES; c++) {
            dg_block *b = dg_free_lists[c];
            while (b) { dg_block *n = b->next; free(b); b = n; }
            dg_free_lists[c] = NULL;
        }
        dg_cached_bytes = 0;
        pthread_mutex_unlock(&dg_lock);
    }

    static void dg_set_limit(size_t limit) {
        pthread_mutex_lock(&dg_lock);
        dg_cache_limit = limit;
        pthread_mutex_unlock(&dg_lock);
        if (dg_cached_bytes > limit) dg_empty();
    }

    static PyDataMem_Handler dg_handler = {
        "dualgrad_cache", 1, {NULL, dg_malloc, dg_calloc, dg_realloc, dg_free}};

    static PyObject *dg_handler_capsule(void) {
        PyDataMem_Handler *numpy_default = (PyDataMem_Handler *)PyCapsule_GetPointer(
            PyDataMem_DefaultHandler, "mem_handler");
        if (!numpy_default) return NULL;
        dg_default = &numpy_default->allocator;
        return PyCapsule_New(&dg_handler, "mem_handler", NULL);
    }
    """
    size_t dg_cached_bytes, dg_cache_limit, dg_hits, dg_misses
    void dg_empty() nogil
    void dg_set_limit(size_t) nogil
    object dg_handler_capsule()
    object PyDataMem_SetHandler(object handler)


cdef object _handler = dg_handler_capsule()


def enter():
    """Make this context's NumPy allocations use the cache; returns a restore token."""
    return PyDataMem_SetHandler(_handler)


def leave(token):
    PyDataMem_SetHandler(token)


def set_cache_limit(limit_bytes):
    """Cap the bytes of freed arrays kept for reuse (0 disables the cache)."""
    if isinstance(limit_bytes, (bool, np.bool_)) or not isinstance(limit_bytes,
                                                                    (int, np.integer)):
        raise TypeError(f"limit_bytes: expected an int number of bytes, got "
                        f"{type(limit_bytes).__name__}")
    limit_bytes = int(limit_bytes)
    if not 0 <= limit_bytes <= MAX_CACHE_LIMIT:
        raise ValueError(f"limit_bytes: expected 0 to {MAX_CACHE_LIMIT} bytes, got {limit_bytes}")
    dg_set_limit(<size_t>limit_bytes)


# 2**62 bytes: far above any memory, far below size_t's limit.
MAX_CACHE_LIMIT = 1 << 62


def empty_cache():
    """Return every cached block to the system."""
    dg_empty()


def cache_info():
    """(cached bytes, limit, hits, misses) of the allocator."""
    return {"cached_bytes": dg_cached_bytes, "limit_bytes": dg_cache_limit,
            "hits": dg_hits, "misses": dg_misses}

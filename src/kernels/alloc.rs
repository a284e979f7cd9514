//! Allocation of large kernel outputs. A 10,000,000-element DOUBLE result is 80 MB of fresh
//! memory, and faulting it in 4 KiB pages costs more than the arithmetic that fills it (perf
//! shows two thirds of `x * y` in the kernel's page-fault path). numpy asks Linux for
//! transparent huge pages on large arrays (`madvise(MADV_HUGEPAGE)`), which the default
//! `madvise` THP mode honours; large porpoise buffers do the same.

/// Buffers at least this large are advised as huge-page candidates.
const HUGE_MIN_BYTES: usize = 4 << 20;

/// An empty `Vec` with room for `n` elements, advised for huge pages when large.
pub(crate) fn big_vec<T>(n: usize) -> Vec<T> {
    let v: Vec<T> = Vec::with_capacity(n);
    let bytes = n.saturating_mul(std::mem::size_of::<T>());
    if bytes >= HUGE_MIN_BYTES {
        advise_huge(v.as_ptr() as usize, bytes);
    }
    v
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn advise_huge(addr: usize, len: usize) {
    const HUGE: usize = 2 << 20;
    const MADV_HUGEPAGE: i32 = 14;
    extern "C" {
        fn madvise(addr: *mut std::ffi::c_void, len: usize, advice: i32) -> i32;
    }
    // Only whole 2 MiB blocks inside the allocation are advised, so the range is page
    // aligned and never touches memory outside the buffer.
    let start = addr.div_ceil(HUGE) * HUGE;
    let end = (addr + len) / HUGE * HUGE;
    if end > start {
        // SAFETY: [start, end) lies inside the live allocation just made by `Vec`, and
        // MADV_HUGEPAGE only changes how the kernel backs those pages; it never changes
        // their contents or validity. A failure (e.g. THP disabled) is harmless and ignored.
        unsafe {
            madvise(start as *mut std::ffi::c_void, end - start, MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge(_addr: usize, _len: usize) {}

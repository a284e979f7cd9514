//! Integer fast paths for `sort` and `distinct`: an LSD radix sort over order-preserving
//! unsigned keys, and first occurrences found through a dense bitmap when the values span a
//! small range. Both fall back to the comparison sort or the hash set in their callers.
//!
//! NULL sentinels are each layout's minimum, which the key mapping (flip the sign bit) sends
//! to 0: NULLs sort first, exactly as the comparison sort puts them.

/// Below this length the comparison sort is faster than the radix passes' set-up.
const RADIX_MIN: usize = 1 << 10;
/// Digit width: 2^11 counters per pass stay in L1 cache.
const DIGIT: u32 = 11;

/// Sorts ascending in place; `Ord` order of i32/i64 (NULL = MIN first).
pub trait RadixKey: Copy + Ord + Default {
    const BITS: u32;
    fn key(self) -> u64;
}

impl RadixKey for i32 {
    const BITS: u32 = 32;
    #[inline(always)]
    fn key(self) -> u64 {
        (self as u32 ^ 0x8000_0000) as u64
    }
}

impl RadixKey for i64 {
    const BITS: u32 = 64;
    #[inline(always)]
    fn key(self) -> u64 {
        self as u64 ^ 0x8000_0000_0000_0000
    }
}

/// Sorts `xs` ascending: LSD radix in 11-bit digits, skipping the digits every element shares
/// (data in [0, 10^6) needs two passes of the three for INT), or `sort_unstable` when short.
pub fn radix_sort<T: RadixKey>(xs: &mut Vec<T>) {
    if xs.len() < RADIX_MIN {
        xs.sort_unstable();
        return;
    }
    let passes = T::BITS.div_ceil(DIGIT) as usize;
    let buckets = 1usize << DIGIT;
    let mask = (buckets - 1) as u64;
    // One read of the data fills every pass's histogram.
    let mut counts = vec![0usize; passes * buckets];
    for &x in xs.iter() {
        let k = x.key();
        for p in 0..passes {
            counts[p * buckets + ((k >> (p as u32 * DIGIT)) & mask) as usize] += 1;
        }
    }
    let mut scratch = vec![T::default(); xs.len()];
    let n = xs.len();
    for p in 0..passes {
        let hist = &mut counts[p * buckets..(p + 1) * buckets];
        // A digit every element shares leaves the order unchanged.
        if hist.contains(&n) {
            continue;
        }
        let mut sum = 0;
        for c in hist.iter_mut() {
            let here = *c;
            *c = sum;
            sum += here;
        }
        let shift = p as u32 * DIGIT;
        for &x in xs.iter() {
            let d = ((x.key() >> shift) & mask) as usize;
            scratch[hist[d]] = x;
            hist[d] += 1;
        }
        std::mem::swap(xs, &mut scratch);
    }
}

/// Positions of the first occurrence of each distinct value, in order of appearance, when
/// the non-NULL values span at most `4 * len + 1024` integers (a bitmap of that range is
/// cheaper than hashing); `None` otherwise, so the caller hashes.
pub fn dense_first_occurrences<T: RadixKey>(xs: &[T], null: T) -> Option<Vec<i64>> {
    let mut lo: Option<T> = None;
    let mut hi = null;
    for &x in xs {
        if x != null {
            lo = Some(lo.map_or(x, |l| l.min(x)));
            hi = hi.max(x);
        }
    }
    let base = lo.map(|l| l.key()).unwrap_or(0);
    let span = hi.key().wrapping_sub(base);
    if lo.is_some() && span > 4 * xs.len() as u64 + 1024 {
        return None;
    }
    let words = if lo.is_some() { span / 64 + 1 } else { 0 };
    let mut seen = vec![0u64; words as usize];
    let mut null_seen = false;
    let mut out = Vec::new();
    for (i, &x) in xs.iter().enumerate() {
        if x == null {
            if !null_seen {
                null_seen = true;
                out.push(i as i64);
            }
            continue;
        }
        let off = x.key() - base;
        let (w, b) = ((off / 64) as usize, off % 64);
        if seen[w] & (1 << b) == 0 {
            seen[w] |= 1 << b;
            out.push(i as i64);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 11
    }

    #[test]
    fn radix_matches_comparison_sort() {
        let mut seed = 7;
        for (n, range) in [(5000usize, 100u64), (3000, 1 << 40), (2048, 3)] {
            let mut a: Vec<i64> = (0..n)
                .map(|_| match lcg(&mut seed) % 10 {
                    0 => i64::MIN,
                    _ => (lcg(&mut seed) % range) as i64 - (range / 2) as i64,
                })
                .collect();
            let mut b: Vec<i32> = a.iter().map(|&x| x as i32).collect();
            let (mut ea, mut eb) = (a.clone(), b.clone());
            ea.sort_unstable();
            eb.sort_unstable();
            radix_sort(&mut a);
            radix_sort(&mut b);
            assert_eq!(a, ea);
            assert_eq!(b, eb);
        }
    }

    #[test]
    fn dense_first_occurrences_keep_order_and_one_null() {
        let xs = [5i32, i32::MIN, 3, 5, -2, i32::MIN, 3, 7];
        assert_eq!(
            dense_first_occurrences(&xs, i32::MIN),
            Some(vec![0, 1, 2, 4, 7])
        );
        assert_eq!(dense_first_occurrences(&[0i64, i64::MAX], i64::MIN), None);
        assert_eq!(
            dense_first_occurrences(&[i32::MIN, i32::MIN], i32::MIN),
            Some(vec![0])
        );
    }
}

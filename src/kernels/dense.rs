//! Integer fast paths for `sort` and `distinct` when the non-NULL values span a small range
//! (at most about the vector's length): a counting sort, and first occurrences marked in a
//! bitmap. Wider ranges fall back to the comparison sort and the hash set. An LSD radix sort
//! was tried for the wide case and measured no faster than `sort_unstable` on 10^7 INTs.

/// The integer layouts these paths handle; `key` maps a value to an order-preserving u64
/// (flip the sign bit) so spans and offsets are plain unsigned arithmetic.
pub trait DenseKey: Copy + Ord {
    fn key(self) -> u64;
    fn from_key(k: u64) -> Self;
}

impl DenseKey for i32 {
    #[inline(always)]
    fn key(self) -> u64 {
        (self as u32 ^ 0x8000_0000) as u64
    }
    #[inline(always)]
    fn from_key(k: u64) -> i32 {
        (k as u32 ^ 0x8000_0000) as i32
    }
}

impl DenseKey for i64 {
    #[inline(always)]
    fn key(self) -> u64 {
        self as u64 ^ 0x8000_0000_0000_0000
    }
    #[inline(always)]
    fn from_key(k: u64) -> i64 {
        (k ^ 0x8000_0000_0000_0000) as i64
    }
}

/// The smallest key of the non-NULL values and the span `max - min` (None when all NULL).
fn key_range<T: DenseKey>(xs: &[T], null: T) -> Option<(u64, u64)> {
    let (mut lo, mut hi) = (u64::MAX, 0u64);
    for &x in xs {
        if x != null {
            let k = x.key();
            lo = lo.min(k);
            hi = hi.max(k);
        }
    }
    (lo <= hi).then(|| (lo, hi - lo))
}

/// Sorts ascending (NULL, the layout's minimum, first — as the comparison sort does). A
/// counting sort when the values span at most `len` integers: one counting pass and one
/// sequential write, several times faster than `sort_unstable` on 10^7 INTs in [0, 10^6).
pub fn sort_ints<T: DenseKey>(xs: &mut Vec<T>, null: T) {
    let n = xs.len();
    let Some((base, span)) = key_range(xs, null).filter(|&(_, s)| n >= 1024 && s < n as u64) else {
        xs.sort_unstable();
        return;
    };
    let mut counts = vec![0u32; span as usize + 1];
    let mut nulls = 0usize;
    for &x in xs.iter() {
        if x == null {
            nulls += 1;
        } else {
            counts[(x.key() - base) as usize] += 1;
        }
    }
    xs.clear();
    xs.resize(nulls, null);
    for (k, &c) in counts.iter().enumerate() {
        let v = T::from_key(base + k as u64);
        xs.extend(std::iter::repeat_n(v, c as usize));
    }
}

/// Positions of the first occurrence of each distinct value, in order of appearance, when
/// the non-NULL values span at most `4 * len + 1024` integers (a bitmap of that range is
/// cheaper than hashing); `None` otherwise, so the caller hashes.
pub fn dense_first_occurrences<T: DenseKey>(xs: &[T], null: T) -> Option<Vec<i64>> {
    let range = key_range(xs, null);
    if range.is_some_and(|(_, span)| span > 4 * xs.len() as u64 + 1024) {
        return None;
    }
    let (base, span) = range.unwrap_or((0, 0));
    let words = if range.is_some() { span / 64 + 1 } else { 0 };
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
    fn counting_sort_matches_comparison_sort() {
        let mut seed = 7;
        for (n, range) in [(5000usize, 100u64), (3000, 1 << 40), (2048, 3), (10, 5)] {
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
            sort_ints(&mut a, i64::MIN);
            sort_ints(&mut b, i32::MIN);
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

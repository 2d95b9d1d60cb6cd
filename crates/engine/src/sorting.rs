//! Stable sorting through one compiled sort routine.
//!
//! `slice::sort_by` is compiled anew for every element type and comparison closure (about
//! 3 KB of wasm each, some thirty of them in the page). These functions give the same
//! result (a stable sort's order is fully determined by the comparison), but the merge
//! sort itself works on indices through a `dyn` comparison, so it is compiled once; only
//! the small step that moves the elements into place is per type.

use std::cmp::Ordering;

/// As `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = sorted_order(v.len(), &mut |i, j| cmp(&v[i], &v[j]));
    permute(v, &order);
}

/// As `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// As `slice::sort`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The positions of `0..n` in sorted order: a bottom-up merge sort that takes from the
/// right run only when strictly less, so equal elements keep their order.
#[inline(never)]
fn sorted_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j, mut k) = (lo, mid, lo);
            while i < mid && j < hi {
                if cmp(a[j], a[i]) == Ordering::Less {
                    b[k] = a[j];
                    j += 1;
                } else {
                    b[k] = a[i];
                    i += 1;
                }
                k += 1;
            }
            b[k..k + (mid - i)].copy_from_slice(&a[i..mid]);
            k += mid - i;
            b[k..k + (hi - j)].copy_from_slice(&a[j..hi]);
            lo = hi;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Puts `v[order[k]]` at position `k`, by following each cycle of the permutation.
fn permute<T>(v: &mut [T], order: &[usize]) {
    let mut done = vec![false; v.len()];
    for start in 0..v.len() {
        let mut at = start;
        while !done[at] {
            done[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        let mut rng = crate::rng::SimRng::new(7);
        for n in [0usize, 1, 2, 3, 5, 8, 13, 64, 100, 257] {
            let v: Vec<(u8, usize)> = (0..n).map(|i| ((rng.next_u64() % 5) as u8, i)).collect();
            let mut ours = v.clone();
            let mut std = v.clone();
            sort_by_key(&mut ours, |e| e.0);
            std.sort_by_key(|e| e.0);
            assert_eq!(ours, std, "n = {n}");
            let mut ours = v.clone();
            let mut std = v;
            sort_by(&mut ours, |a, b| b.cmp(a));
            std.sort_by(|a, b| b.cmp(a));
            assert_eq!(ours, std, "n = {n}");
        }
    }
}

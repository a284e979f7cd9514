//! Pruning: whether a partition of one level may hold rows matching a predicate on its
//! partitioning column, so that reads skip the partitions that cannot.

use super::{hash_bucket, key_slot, Key, Kind, Level};
use crate::value::{Scalar, Type, Value};
use std::cmp::Ordering;
/// A condition on one partitioning column, for pruning.
#[derive(Clone, Debug)]
pub enum Pred {
    /// The column equals one of these values.
    In(Vec<Scalar>),
    /// `lo <= col <= hi` (either side open when `None`; strictness is ignored, which only
    /// makes pruning keep a partition it could have skipped).
    Range(Option<Scalar>, Option<Scalar>),
}

fn scalar_key(s: &Scalar, ty: Type) -> Option<Key> {
    if s.is_null() {
        return None;
    }
    if ty.is_literal() {
        return s.as_str().map(|x| Key::S(x.to_string()));
    }
    let v = Value::Scalar(s.clone());
    let converted = if s.ty() == ty {
        v
    } else {
        crate::kernels::cast(&v, ty).ok()?
    };
    converted.as_scalar().and_then(Scalar::as_i64).map(Key::I)
}

fn cmp_in(k: &Key, lo: &Option<Key>, hi: &Option<Key>) -> bool {
    lo.as_ref().is_none_or(|l| k.cmp(l) != Ordering::Less)
        && hi.as_ref().is_none_or(|h| k.cmp(h) != Ordering::Greater)
}

impl Level {
    /// Whether the partition with metadata key `key` at this level may hold rows matching
    /// `pred`. Conservative: `true` whenever unsure.
    pub fn may_match(&self, key: &Key, pred: &Pred) -> bool {
        let ty = self.ty();
        match pred {
            Pred::In(vals) => {
                let ks: Vec<Key> = vals.iter().filter_map(|s| scalar_key(s, ty)).collect();
                if ks.len() != vals.len() {
                    return true;
                }
                match self.kind {
                    Kind::Value => ks.contains(key),
                    Kind::Hash => ks
                        .iter()
                        .any(|k| hash_bucket(k, self.buckets) as usize == key_slot(key)),
                    Kind::List => self
                        .lists
                        .get(key_slot(key))
                        .is_none_or(|l| ks.iter().any(|k| l.contains(k))),
                    Kind::Range => {
                        let i = key_slot(key);
                        match (self.values.get(i), self.values.get(i + 1)) {
                            (Some(a), Some(b)) => ks.iter().any(|k| k >= a && k < b),
                            _ => true,
                        }
                    }
                }
            }
            Pred::Range(lo, hi) => {
                let lo_k = match lo {
                    Some(s) => match scalar_key(s, ty) {
                        Some(k) => Some(k),
                        None => return true,
                    },
                    None => None,
                };
                let hi_k = match hi {
                    Some(s) => match scalar_key(s, ty) {
                        Some(k) => Some(k),
                        None => return true,
                    },
                    None => None,
                };
                match self.kind {
                    Kind::Value => cmp_in(key, &lo_k, &hi_k),
                    Kind::Hash => true,
                    Kind::List => self
                        .lists
                        .get(key_slot(key))
                        .is_none_or(|l| l.iter().any(|k| cmp_in(k, &lo_k, &hi_k))),
                    Kind::Range => {
                        let i = key_slot(key);
                        match (self.values.get(i), self.values.get(i + 1)) {
                            (Some(a), Some(b)) => {
                                lo_k.as_ref().is_none_or(|l| l < b)
                                    && hi_k.as_ref().is_none_or(|h| h >= a)
                            }
                            _ => true,
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::scheme::route;
    use crate::value::Vector;

    #[test]
    fn hash_drops_nulls_and_prunes_equality() {
        let mut levels =
            vec![Level::from_script(5, &Value::vector(Vector::ints(vec![4, 3]))).expect("hash")];
        let r = route(
            &mut levels,
            &[Vector::ints(vec![4, i32::MIN, 5])],
            &["id".into()],
        )
        .expect("routes");
        assert_eq!(r.dropped, 1);
        assert_eq!(r.groups.len(), 2);
        assert!(levels[0].may_match(&Key::I(1), &Pred::In(vec![Scalar::int(4)])));
        assert!(!levels[0].may_match(&Key::I(2), &Pred::In(vec![Scalar::int(4)])));
    }

    #[test]
    fn pruning_ranges() {
        let r =
            Level::from_script(2, &Value::vector(Vector::ints(vec![0, 50, 100]))).expect("range");
        let p = Pred::Range(Some(Scalar::int(60)), None);
        assert!(!r.may_match(&Key::I(0), &p));
        assert!(r.may_match(&Key::I(1), &p));
    }
}

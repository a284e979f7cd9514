//! Partition schemes: one `Level` per partitioning dimension (COMPO databases have 2-3),
//! built from `database(...)` arguments, and DolphinDB's partition directory names. Routing
//! rows to partitions is in `route`, pruning partitions from a predicate in `prune`.

use crate::error::{Error, Result};
use crate::value::{temporal, Scalar, Type, Value, VecData, Vector};
use serde::{Deserialize, Serialize};

mod prune;
mod route;

pub use prune::Pred;
pub use route::{route, to_domain, Routing};
/// One partition key: an integral/temporal value (its raw integer) or a string.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(untagged)]
pub enum Key {
    I(i64),
    S(String),
}

/// Partition types with DolphinDB's ids (`schema(db).partitionType`).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Value,
    Range,
    List,
    Hash,
}

impl Kind {
    pub fn id(self) -> i32 {
        match self {
            Kind::Value => 1,
            Kind::Range => 2,
            Kind::List => 3,
            Kind::Hash => 5,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Kind::Value => "VALUE",
            Kind::Range => "RANGE",
            Kind::List => "LIST",
            Kind::Hash => "HASH",
        }
    }
}

/// One partitioning dimension.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Level {
    pub kind: Kind,
    /// DolphinDB type id of the partition domain.
    pub ty: i32,
    /// VALUE: the domain (grows as new values arrive); RANGE: the boundaries.
    #[serde(default)]
    pub values: Vec<Key>,
    /// LIST: the value lists, one per partition.
    #[serde(default)]
    pub lists: Vec<Vec<Key>>,
    /// HASH: the number of buckets.
    #[serde(default)]
    pub buckets: u32,
}

/// Whether a column type may partition a database.
fn partitionable(ty: Type) -> bool {
    (ty.is_integral() || ty.is_temporal() || ty.is_literal()) && ty != Type::Bool
}

fn scheme_err(msg: impl Into<String>) -> Error {
    Error::domain(msg.into())
}

/// The keys of a vector (NULLs become `None`).
pub fn keys_of(v: &Vector) -> Vec<Option<Key>> {
    match v.data() {
        VecData::Str(xs) => xs
            .iter()
            .map(|s| (!s.is_empty()).then(|| Key::S(s.to_string())))
            .collect(),
        _ => (0..v.len())
            .map(|i| {
                if v.is_null_at(i) {
                    None
                } else {
                    v.scalar_at(i).and_then(|s| s.as_i64()).map(Key::I)
                }
            })
            .collect(),
    }
}

fn scheme_vector(v: &Value, what: &str) -> Result<Vector> {
    match v {
        Value::Vector(x) | Value::Pair(x) if !x.is_tuple() => Ok(x.as_ref().clone()),
        Value::Scalar(s) if !s.is_null() => {
            let mut x = Vector::with_capacity(s.ty(), 1);
            x.push_scalar(s);
            Ok(x)
        }
        other => Err(scheme_err(format!(
            "The partition scheme of a {what} domain must be a vector, not {}",
            other.type_str()
        ))),
    }
}

fn checked_type(ty: Type) -> Result<i32> {
    if !partitionable(ty) {
        return Err(scheme_err(format!(
            "The data type {} can't be used for a partition scheme",
            ty.name()
        )));
    }
    Ok(ty.id())
}

impl Level {
    /// Builds a level from `database(, type, scheme)` arguments.
    pub fn from_script(kind_id: i64, scheme: &Value) -> Result<Level> {
        let mut level = Level {
            kind: Kind::Value,
            ty: 0,
            values: Vec::new(),
            lists: Vec::new(),
            buckets: 0,
        };
        match kind_id {
            1 => {
                let v = scheme_vector(scheme, "VALUE")?;
                level.ty = checked_type(v.ty())?;
                for k in keys_of(&v).into_iter().flatten() {
                    if !level.values.contains(&k) {
                        level.values.push(k);
                    }
                }
                if level.values.is_empty() {
                    return Err(scheme_err(
                        "A VALUE partition scheme needs at least one value",
                    ));
                }
            }
            2 => {
                level.kind = Kind::Range;
                let v = scheme_vector(scheme, "RANGE")?;
                level.ty = checked_type(v.ty())?;
                let keys = keys_of(&v);
                if keys.len() < 2 || keys.iter().any(Option::is_none) {
                    return Err(scheme_err(
                        "A RANGE partition scheme needs at least two non-NULL boundaries",
                    ));
                }
                level.values = keys.into_iter().flatten().collect();
                if level.values.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(scheme_err(
                        "The boundaries of a RANGE partition scheme must be increasing",
                    ));
                }
            }
            5 => {
                level.kind = Kind::Hash;
                let v = scheme_vector(scheme, "HASH")?;
                let ints: Vec<i64> = (0..v.len())
                    .filter_map(|i| v.scalar_at(i).and_then(|s| s.as_i64()))
                    .collect();
                let ok = v.len() == 2 && ints.len() == 2 && ints[1] > 0 && ints[1] <= 1 << 20;
                let ty = ints.first().and_then(|&t| Type::from_id(t));
                match (ok, ty) {
                    (true, Some(ty)) => {
                        level.ty = checked_type(ty)?;
                        level.buckets = ints[1] as u32;
                    }
                    _ => {
                        return Err(scheme_err(
                            "A HASH partition scheme must be [type, buckets], e.g. [INT, 10]",
                        ))
                    }
                }
            }
            3 => {
                level.kind = Kind::List;
                let items: Vec<Value> = match scheme {
                    Value::Vector(x) => x.iter_values().collect(),
                    other => {
                        return Err(scheme_err(format!(
                            "The partition scheme of a LIST domain must be a tuple, not {}",
                            other.type_str()
                        )))
                    }
                };
                for item in &items {
                    let v = scheme_vector(item, "LIST")?;
                    let ty = checked_type(v.ty())?;
                    if level.ty != 0
                        && Type::from_id(i64::from(level.ty)) != Type::from_id(i64::from(ty))
                    {
                        let both_literal = v.ty().is_literal()
                            && Type::from_id(i64::from(level.ty)).is_some_and(|t| t.is_literal());
                        if !both_literal {
                            return Err(scheme_err(
                                "The lists of a LIST partition scheme must share one type",
                            ));
                        }
                    }
                    level.ty = ty;
                    level
                        .lists
                        .push(keys_of(&v).into_iter().flatten().collect());
                }
                if level.lists.is_empty() {
                    return Err(scheme_err(
                        "A LIST partition scheme needs at least one list",
                    ));
                }
            }
            0 => {
                return Err(scheme_err(
                    "SEQ partitions are only supported for local databases, not dfs:// databases",
                ))
            }
            4 => {
                return Err(scheme_err(
                    "A COMPO partition scheme must be a vector of 2 or 3 database handles",
                ))
            }
            other => return Err(scheme_err(format!("Invalid partition type {other}"))),
        }
        Ok(level)
    }

    pub fn ty(&self) -> Type {
        Type::from_id(i64::from(self.ty)).unwrap_or(Type::Int)
    }

    /// Number of partitions this level currently defines.
    pub fn n_slots(&self) -> usize {
        match self.kind {
            Kind::Value => self.values.len(),
            Kind::Range => self.values.len().saturating_sub(1),
            Kind::List => self.lists.len(),
            Kind::Hash => self.buckets as usize,
        }
    }

    /// The key recorded in a partition's metadata for slot `slot`: VALUE records the value
    /// itself (stable when the domain grows); the others record the slot number.
    pub fn part_key(&self, slot: u32) -> Key {
        match self.kind {
            Kind::Value => self.values[slot as usize].clone(),
            _ => Key::I(i64::from(slot)),
        }
    }

    /// DolphinDB's directory name for a partition of this level.
    pub fn dir_name(&self, key: &Key) -> String {
        match self.kind {
            Kind::Value => key_dir(self.ty(), key),
            Kind::Range => {
                let i = key_slot(key);
                let lo = self
                    .values
                    .get(i)
                    .map(|k| key_dir(self.ty(), k))
                    .unwrap_or_default();
                let hi = self
                    .values
                    .get(i + 1)
                    .map(|k| key_dir(self.ty(), k))
                    .unwrap_or_default();
                format!("{lo}_{hi}")
            }
            Kind::List => format!("List{}", key_slot(key)),
            Kind::Hash => format!("Key{}", key_slot(key)),
        }
    }

    /// The scheme as a script value (`schema(db).partitionSchema`).
    pub fn scheme_value(&self) -> Value {
        match self.kind {
            Kind::Value | Kind::Range => Value::vector(keys_vector(self.ty(), &self.values)),
            Kind::Hash => Value::int(self.buckets as i32),
            Kind::List => Value::vector(Vector::tuple(
                self.lists
                    .iter()
                    .map(|l| Value::vector(keys_vector(self.ty(), l)))
                    .collect(),
            )),
        }
    }
}

fn key_slot(key: &Key) -> usize {
    match key {
        Key::I(i) => usize::try_from(*i).unwrap_or(0),
        Key::S(_) => 0,
    }
}

/// DolphinDB's hash bucket: integers modulo the bucket count, strings by a stable hash.
pub fn hash_bucket(key: &Key, buckets: u32) -> u32 {
    let n = i64::from(buckets.max(1));
    match key {
        Key::I(i) => i.rem_euclid(n) as u32,
        Key::S(s) => {
            // FNV-1a: stable across runs and platforms (partition placement is on disk).
            let mut h: u32 = 0x811c_9dc5;
            for b in s.bytes() {
                h ^= u32::from(b);
                h = h.wrapping_mul(0x0100_0193);
            }
            (i64::from(h) % n) as u32
        }
    }
}

/// The directory text of one value: dates `20170807`, months `200001M`, strings as they
/// are, other integral values as decimal numbers.
pub fn key_dir(ty: Type, key: &Key) -> String {
    match key {
        Key::S(s) => s.clone(),
        Key::I(v) => match ty {
            Type::Date => temporal::format_date(*v).replace('.', ""),
            Type::Month => format!(
                "{}M",
                temporal::format_month(*v)
                    .trim_end_matches('M')
                    .replace('.', "")
            ),
            Type::DateHour => temporal::format_datehour(*v).replace(['.', 'T', ':'], ""),
            _ => v.to_string(),
        },
    }
}

/// A typed vector from keys.
pub fn keys_vector(ty: Type, keys: &[Key]) -> Vector {
    let mut v = Vector::with_capacity(ty, keys.len());
    for k in keys {
        let s = match k {
            Key::I(i) => Scalar::from_i64(ty, *i),
            Key::S(s) => Scalar::Str(ty, s.as_str().into()),
        };
        if !v.push_scalar(&s) {
            v.push_null();
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(xs: &[i32]) -> Value {
        Value::vector(Vector::new(Type::Date, VecData::I32(xs.to_vec())))
    }

    #[test]
    fn names_follow_dolphindb() {
        let d = temporal::days_from_civil(2017, 8, 7);
        let lv = Level::from_script(1, &dates(&[d as i32])).expect("value level");
        assert_eq!(lv.dir_name(&Key::I(d)), "20170807");
        let r =
            Level::from_script(2, &Value::vector(Vector::ints(vec![0, 50, 100]))).expect("range");
        assert_eq!(r.dir_name(&Key::I(1)), "50_100");
        let h = Level::from_script(5, &Value::vector(Vector::ints(vec![4, 10]))).expect("hash");
        assert_eq!(h.dir_name(&Key::I(3)), "Key3");
        let m = temporal::month_value(2000, 1);
        assert_eq!(key_dir(Type::Month, &Key::I(m)), "200001M");
    }
}

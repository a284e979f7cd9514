//! Partition schemes: one `Level` per partitioning dimension (COMPO databases have 2-3),
//! DolphinDB's partition directory names, routing rows to partitions and pruning partitions
//! from a predicate on a partitioning column.

use crate::error::{Error, Result};
use crate::value::{temporal, Scalar, Type, Value, VecData, Vector};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::HashMap;

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

    /// The slot of one key, or `None` when no partition holds it (RANGE/LIST), adding it to
    /// a VALUE domain when `grow` is set.
    fn slot_of(&mut self, key: &Key, index: &mut HashMap<Key, u32>) -> Option<u32> {
        match self.kind {
            Kind::Value => {
                if let Some(&s) = index.get(key) {
                    return Some(s);
                }
                self.values.push(key.clone());
                let s = (self.values.len() - 1) as u32;
                index.insert(key.clone(), s);
                Some(s)
            }
            Kind::Range => {
                let i = self.values.partition_point(|b| b <= key);
                (i > 0 && i < self.values.len()).then(|| (i - 1) as u32)
            }
            Kind::List => index.get(key).copied(),
            Kind::Hash => Some(hash_bucket(key, self.buckets)),
        }
    }

    fn index(&self) -> HashMap<Key, u32> {
        match self.kind {
            Kind::Value => self
                .values
                .iter()
                .enumerate()
                .map(|(i, k)| (k.clone(), i as u32))
                .collect(),
            Kind::List => {
                let mut m = HashMap::new();
                for (i, l) in self.lists.iter().enumerate() {
                    for k in l {
                        m.entry(k.clone()).or_insert(i as u32);
                    }
                }
                m
            }
            _ => HashMap::new(),
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

/// Converts a partitioning column to the level's domain type as DolphinDB does (a DATETIME
/// column partitioned by DATE is truncated to its date).
pub fn to_domain(col: &Vector, ty: Type, col_name: &str) -> Result<Vector> {
    if col.ty() == ty {
        return Ok(col.clone());
    }
    let ok = (col.ty().is_literal() && ty.is_literal())
        || (!col.ty().is_literal() && !ty.is_literal() && partitionable(col.ty()));
    if !ok {
        return Err(Error::type_err(format!(
            "The partitioning column {col_name} of type {} doesn't match the partition scheme of type {}",
            col.ty().name(),
            ty.name()
        )));
    }
    if col.ty().is_literal() {
        return Ok(col.clone().retag(ty).unwrap_or_else(|| col.clone()));
    }
    match crate::kernels::cast(&Value::vector(col.clone()), ty)? {
        Value::Vector(v) => Ok(v.as_ref().clone()),
        _ => Err(Error::runtime(
            "casting a partitioning column gave no vector",
        )),
    }
}

/// Rows grouped by partition (slot per level), in first-seen order.
#[derive(Debug, Default)]
pub struct Routing {
    pub groups: Vec<(Vec<u32>, Vec<usize>)>,
    /// Rows dropped because a HASH partitioning value was NULL.
    pub dropped: usize,
}

/// Routes rows: `cols[i]` is the partitioning column of level `i`, already converted with
/// [`to_domain`]. VALUE levels grow; a value outside every RANGE/LIST partition (or a NULL
/// outside HASH) is an error and nothing is routed.
// Rows index every level's keys, so a range loop is the clear form here.
#[allow(clippy::needless_range_loop)]
pub fn route(levels: &mut [Level], cols: &[Vector], names: &[String]) -> Result<Routing> {
    const DROPPED: u32 = u32::MAX;
    let n = cols.first().map(Vector::len).unwrap_or(0);
    let mut out = Routing::default();
    // Slots are computed level by level, column-wise; each distinct value is looked up in
    // the level once (a cache per level), so routing costs one hash probe per row and level.
    let mut slot_cols: Vec<Vec<u32>> = Vec::with_capacity(levels.len());
    for (l, level) in levels.iter_mut().enumerate() {
        let mut index = level.index();
        let mut slots = Vec::with_capacity(n);
        let outside = |row: usize| {
            let shown = cols[l]
                .scalar_at(row)
                .map(|s| crate::display::display(&Value::Scalar(s)))
                .unwrap_or_default();
            Error::domain(format!(
                "The value {} of partitioning column {} is outside every partition of the database; nothing was written",
                if shown.is_empty() { "NULL".to_string() } else { shown },
                names.get(l).map(String::as_str).unwrap_or("?")
            ))
        };
        let is_hash = level.kind == Kind::Hash;
        match cols[l].data() {
            VecData::Str(xs) => {
                let mut cache: rustc_hash::FxHashMap<&str, u32> = Default::default();
                for (row, x) in xs.iter().enumerate() {
                    if x.is_empty() {
                        if is_hash {
                            slots.push(DROPPED);
                            continue;
                        }
                        return Err(outside(row));
                    }
                    let slot = match cache.get(x.as_ref()) {
                        Some(&s) => s,
                        None => {
                            let s = level
                                .slot_of(&Key::S(x.to_string()), &mut index)
                                .ok_or_else(|| outside(row))?;
                            cache.insert(x.as_ref(), s);
                            s
                        }
                    };
                    slots.push(slot);
                }
            }
            data => {
                let raw: Box<dyn Fn(usize) -> Option<i64>> = match data {
                    VecData::I8(x) => Box::new(|i| (x[i] != i8::MIN).then(|| i64::from(x[i]))),
                    VecData::I16(x) => Box::new(|i| (x[i] != i16::MIN).then(|| i64::from(x[i]))),
                    VecData::I32(x) => Box::new(|i| (x[i] != i32::MIN).then(|| i64::from(x[i]))),
                    VecData::I64(x) => Box::new(|i| (x[i] != i64::MIN).then_some(x[i])),
                    _ => {
                        let v = &cols[l];
                        Box::new(move |i| {
                            if v.is_null_at(i) {
                                None
                            } else {
                                v.scalar_at(i).and_then(|s| s.as_i64())
                            }
                        })
                    }
                };
                let mut cache: rustc_hash::FxHashMap<i64, u32> = Default::default();
                for row in 0..n {
                    let Some(k) = raw(row) else {
                        if is_hash {
                            slots.push(DROPPED);
                            continue;
                        }
                        return Err(outside(row));
                    };
                    let slot = match cache.get(&k) {
                        Some(&s) => s,
                        None => {
                            let s = level
                                .slot_of(&Key::I(k), &mut index)
                                .ok_or_else(|| outside(row))?;
                            cache.insert(k, s);
                            s
                        }
                    };
                    slots.push(slot);
                }
            }
        }
        slot_cols.push(slots);
    }
    // Group rows by their slots (at most 3 levels of 32-bit slots fit one u128).
    let mut groups: rustc_hash::FxHashMap<u128, usize> = Default::default();
    'rows: for row in 0..n {
        let mut key = 0u128;
        for s in &slot_cols {
            if s[row] == DROPPED {
                out.dropped += 1;
                continue 'rows;
            }
            key = (key << 32) | u128::from(s[row]);
        }
        match groups.get(&key) {
            Some(&g) => out.groups[g].1.push(row),
            None => {
                groups.insert(key, out.groups.len());
                let slots = slot_cols.iter().map(|s| s[row]).collect();
                out.groups.push((slots, vec![row]));
            }
        }
    }
    Ok(out)
}

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

    #[test]
    fn routing_groups_grows_and_rejects() {
        let mut levels = vec![
            Level::from_script(1, &Value::vector(Vector::ints(vec![1, 2]))).expect("value"),
            Level::from_script(2, &Value::vector(Vector::ints(vec![0, 50, 100]))).expect("range"),
        ];
        let names = vec!["a".to_string(), "b".to_string()];
        let r = route(
            &mut levels,
            &[Vector::ints(vec![1, 3, 1]), Vector::ints(vec![5, 60, 7])],
            &names,
        )
        .expect("routes");
        assert_eq!(
            r.groups,
            vec![(vec![0, 0], vec![0, 2]), (vec![2, 1], vec![1])]
        );
        assert_eq!(levels[0].values.len(), 3);
        let err = route(
            &mut levels,
            &[Vector::ints(vec![1]), Vector::ints(vec![100])],
            &names,
        );
        assert!(err.is_err());
    }

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

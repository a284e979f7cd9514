//! Values: every DolphinDB data form (scalar, vector, pair, matrix, set, dictionary, table)
//! plus functions and metacode. Containers are behind `Arc` so that assignment copies are
//! cheap; mutation goes through `Arc::make_mut` (copy on write), which gives DolphinDB's
//! "assignment copies" semantics without copying data that is never modified.

mod collections;
mod function;
mod scalar;
pub mod temporal;
mod types;
mod vector;

pub use collections::{Dict, Matrix, Set, Table};
pub use function::{Function, PartialFunc, UserFunc};
pub use scalar::*;
pub use types::{Category, Form, Physical, Type};
pub use vector::{VecData, Vector};

use crate::ast;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub enum Value {
    Scalar(Scalar),
    Vector(Arc<Vector>),
    /// `a:b`: always two elements of one type.
    Pair(Arc<Vector>),
    Matrix(Arc<Matrix>),
    Set(Arc<Set>),
    Dict(Arc<Dict>),
    Table(Arc<Table>),
    Function(Arc<Function>),
    /// Metacode `<expr>`: unevaluated code.
    Code(Arc<ast::Expr>),
    /// A database handle (`database(...)`).
    Database(Arc<crate::storage::DbHandle>),
    /// A table of a dfs:// database (`loadTable`); its rows stay on disk.
    DfsTable(Arc<crate::storage::TableHandle>),
}

impl Value {
    pub const NULL: Value = Value::Scalar(Scalar::Void);

    pub fn int(v: i32) -> Value {
        Value::Scalar(Scalar::int(v))
    }
    pub fn long(v: i64) -> Value {
        Value::Scalar(Scalar::long(v))
    }
    pub fn double(v: f64) -> Value {
        Value::Scalar(Scalar::double(v))
    }
    pub fn bool(v: bool) -> Value {
        Value::Scalar(Scalar::bool(v))
    }
    pub fn string(s: impl Into<Arc<str>>) -> Value {
        Value::Scalar(Scalar::string(s))
    }
    pub fn vector(v: Vector) -> Value {
        Value::Vector(Arc::new(v))
    }
    pub fn table(t: Table) -> Value {
        Value::Table(Arc::new(t))
    }
    pub fn dict(d: Dict) -> Value {
        Value::Dict(Arc::new(d))
    }

    pub fn form(&self) -> Form {
        match self {
            Value::Scalar(_) | Value::Function(_) | Value::Code(_) | Value::Database(_) => {
                Form::Scalar
            }
            Value::DfsTable(_) => Form::Table,
            Value::Vector(_) => Form::Vector,
            Value::Pair(_) => Form::Pair,
            Value::Matrix(_) => Form::Matrix,
            Value::Set(_) => Form::Set,
            Value::Dict(_) => Form::Dictionary,
            Value::Table(_) => Form::Table,
        }
    }

    /// The data type (`type(x)`): element type for containers, ANY for tuples and tables'
    /// rows, DICTIONARY for dictionaries, FUNCTIONDEF, CODE.
    pub fn ty(&self) -> Type {
        match self {
            Value::Scalar(s) => s.ty(),
            Value::Vector(v) | Value::Pair(v) => v.ty(),
            Value::Matrix(m) => m.data.ty(),
            Value::Set(s) => s.key_type(),
            Value::Dict(d) => d.value_type(),
            Value::Table(_) => Type::Dictionary,
            Value::Function(_) => Type::FunctionDef,
            Value::Code(_) => Type::Code,
            Value::Database(_) => Type::Handle,
            Value::DfsTable(_) => Type::Dictionary,
        }
    }

    /// `typestr(x)` as DolphinDB prints it.
    pub fn type_str(&self) -> String {
        match self {
            Value::Scalar(s) => s.ty().name().to_string(),
            Value::Vector(v) => {
                if v.is_tuple() {
                    "ANY VECTOR".to_string()
                } else if v.ty().is_fixed_width() {
                    format!("FAST {} VECTOR", v.ty().name())
                } else {
                    format!("{} VECTOR", v.ty().name())
                }
            }
            Value::Pair(v) => format!("{} PAIR", v.ty().name()),
            Value::Matrix(m) => {
                if m.data.ty().is_fixed_width() {
                    format!("FAST {} MATRIX", m.data.ty().name())
                } else {
                    format!("{} MATRIX", m.data.ty().name())
                }
            }
            Value::Set(s) => format!("{} SET", s.key_type().name()),
            Value::Dict(d) => format!(
                "{}->{} DICTIONARY",
                d.key_type().name(),
                d.value_type().name()
            ),
            Value::Table(_) => "IN-MEMORY TABLE".to_string(),
            Value::Function(_) => "FUNCTIONDEF".to_string(),
            Value::Code(_) => "CODE".to_string(),
            Value::Database(_) => "HANDLE".to_string(),
            Value::DfsTable(h) => {
                let dimension = h
                    .storage
                    .manifest(&h.db, &h.table)
                    .map(|m| m.is_dimension())
                    .unwrap_or(false);
                if dimension {
                    "DFS TABLE"
                } else {
                    "SEGMENTED DFS TABLE"
                }
                .to_string()
            }
        }
    }

    /// `size(x)`: number of elements (rows for tables, entries for dicts and sets,
    /// rows*cols for matrices); 1 for scalars.
    pub fn size(&self) -> usize {
        match self {
            Value::Vector(v) | Value::Pair(v) => v.len(),
            Value::Matrix(m) => m.rows * m.cols,
            Value::Set(s) => s.len(),
            Value::Dict(d) => d.len(),
            Value::Table(t) => t.n_rows(),
            Value::DfsTable(h) => h
                .storage
                .manifest(&h.db, &h.table)
                .map(|m| m.partitions.iter().map(|p| p.rows as usize).sum())
                .unwrap_or(0),
            _ => 1,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match self {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_vector(&self) -> Option<&Vector> {
        match self {
            Value::Vector(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_null_scalar(&self) -> bool {
        matches!(self, Value::Scalar(s) if s.is_null())
    }

    pub fn is_void(&self) -> bool {
        matches!(self, Value::Scalar(Scalar::Void))
    }

    /// Builds a vector from values as `[a, b, c]` does: a typed vector when every element
    /// is a scalar of one type (numeric types promote, VOID becomes NULL), else a tuple.
    pub fn from_elements(items: Vec<Value>) -> Value {
        Value::vector(vector_from_values(items))
    }
}

/// See [`Value::from_elements`].
pub fn vector_from_values(items: Vec<Value>) -> Vector {
    let mut ty: Option<Type> = None;
    for v in &items {
        match v {
            Value::Scalar(Scalar::Void) => {}
            Value::Scalar(s) if s.ty() != Type::Duration => {
                ty = match ty {
                    None => Some(s.ty()),
                    Some(t) => match promote_literal_types(t, s.ty()) {
                        Some(t) => Some(t),
                        None => return Vector::tuple(items),
                    },
                };
            }
            _ => return Vector::tuple(items),
        }
    }
    let Some(ty) = ty else {
        return Vector::tuple(items);
    };
    let mut out = Vector::with_capacity(ty, items.len());
    for v in &items {
        match v {
            Value::Scalar(s) => {
                let converted = convert_scalar_exact(s, ty);
                out.push_scalar(&converted);
            }
            _ => out.push_null(),
        }
    }
    out
}

/// The common type of two element types in a vector literal, or `None` if they cannot share
/// a typed vector (then the literal is a tuple).
pub fn promote_literal_types(a: Type, b: Type) -> Option<Type> {
    if a == b {
        return Some(a);
    }
    let rank = |t: Type| match t {
        Type::Bool => Some(0),
        Type::Char => Some(1),
        Type::Short => Some(2),
        Type::Int => Some(3),
        Type::Long => Some(4),
        Type::Float => Some(5),
        Type::Double => Some(6),
        _ => None,
    };
    match (rank(a), rank(b)) {
        (Some(x), Some(y)) => Some(if x >= y { a } else { b }),
        _ if a.is_literal() && b.is_literal() => Some(Type::String),
        _ => None,
    }
}

/// Converts a scalar to a wider type of the same family (used for vector literals).
fn convert_scalar_exact(s: &Scalar, ty: Type) -> Scalar {
    if s.ty() == ty {
        return s.clone();
    }
    if s.is_null() {
        return Scalar::null(ty);
    }
    match ty {
        Type::Float => Scalar::F32(s.as_f64().unwrap_or(f64::MIN) as f32),
        Type::Double => Scalar::F64(s.as_f64().unwrap_or(f64::MIN)),
        Type::String | Type::Symbol => match s {
            Scalar::Str(_, v) => Scalar::Str(ty, v.clone()),
            _ => Scalar::null(ty),
        },
        _ => match s.as_i64() {
            Some(v) => Scalar::from_i64(ty, v),
            None => Scalar::null(ty),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_literal_promotes_or_becomes_tuple() {
        let v = vector_from_values(vec![Value::int(10), Value::double(2.5)]);
        assert_eq!(v.ty(), Type::Double);
        let t = vector_from_values(vec![Value::int(3), Value::string("GOOG")]);
        assert!(t.is_tuple());
        let n = vector_from_values(vec![Value::int(1), Value::NULL, Value::int(3)]);
        assert_eq!(n.ty(), Type::Int);
        assert!(n.is_null_at(1));
    }

    #[test]
    fn type_strings() {
        assert_eq!(
            Value::vector(Vector::ints(vec![1])).type_str(),
            "FAST INT VECTOR"
        );
        assert_eq!(
            Value::vector(Vector::strings(vec![Arc::from("a")])).type_str(),
            "STRING VECTOR"
        );
        assert_eq!(Value::int(1).type_str(), "INT");
    }
}

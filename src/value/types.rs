//! DolphinDB data types: ids, names, categories and the physical storage each one uses.

use std::fmt;

/// A DolphinDB data type. The discriminant is DolphinDB's type id (`type(x)`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    Void = 0,
    Bool = 1,
    Char = 2,
    Short = 3,
    Int = 4,
    Long = 5,
    Date = 6,
    Month = 7,
    Time = 8,
    Minute = 9,
    Second = 10,
    DateTime = 11,
    Timestamp = 12,
    NanoTime = 13,
    NanoTimestamp = 14,
    Float = 15,
    Double = 16,
    Symbol = 17,
    String = 18,
    Uuid = 19,
    FunctionDef = 20,
    Handle = 21,
    Code = 22,
    DataSource = 23,
    Resource = 24,
    Any = 25,
    Dictionary = 27,
    DateHour = 28,
    Duration = 36,
}

/// How a type's values are laid out in memory. Temporal types share the integer layouts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Physical {
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
    Str,
    U128,
    /// Boxed values: tuples (ANY vectors), functions, handles, code.
    Any,
}

/// Broad families used by type promotion and by builtins that accept "any numeric" etc.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Nothing,
    Logical,
    Integral,
    Floating,
    Temporal,
    Literal,
    Binary,
    System,
    Mixed,
}

impl Type {
    pub const ALL_DATA: [Type; 20] = [
        Type::Void,
        Type::Bool,
        Type::Char,
        Type::Short,
        Type::Int,
        Type::Long,
        Type::Date,
        Type::Month,
        Type::Time,
        Type::Minute,
        Type::Second,
        Type::DateTime,
        Type::Timestamp,
        Type::NanoTime,
        Type::NanoTimestamp,
        Type::Float,
        Type::Double,
        Type::Symbol,
        Type::String,
        Type::Uuid,
    ];

    /// DolphinDB's numeric type id.
    pub fn id(self) -> i32 {
        self as i32
    }

    /// Upper-case name as printed by `typestr` and used by type constants (`INT`).
    pub fn name(self) -> &'static str {
        match self {
            Type::Void => "VOID",
            Type::Bool => "BOOL",
            Type::Char => "CHAR",
            Type::Short => "SHORT",
            Type::Int => "INT",
            Type::Long => "LONG",
            Type::Date => "DATE",
            Type::Month => "MONTH",
            Type::Time => "TIME",
            Type::Minute => "MINUTE",
            Type::Second => "SECOND",
            Type::DateTime => "DATETIME",
            Type::Timestamp => "TIMESTAMP",
            Type::NanoTime => "NANOTIME",
            Type::NanoTimestamp => "NANOTIMESTAMP",
            Type::Float => "FLOAT",
            Type::Double => "DOUBLE",
            Type::Symbol => "SYMBOL",
            Type::String => "STRING",
            Type::Uuid => "UUID",
            Type::FunctionDef => "FUNCTIONDEF",
            Type::Handle => "HANDLE",
            Type::Code => "CODE",
            Type::DataSource => "DATASOURCE",
            Type::Resource => "RESOURCE",
            Type::Any => "ANY",
            Type::Dictionary => "DICTIONARY",
            Type::DateHour => "DATEHOUR",
            Type::Duration => "DURATION",
        }
    }

    /// Looks a type up by its constant name (case-insensitive, as `table(..., types)` accepts `"int"`).
    pub fn from_name(name: &str) -> Option<Type> {
        let upper = name.to_ascii_uppercase();
        let ty = match upper.as_str() {
            "VOID" => Type::Void,
            "BOOL" => Type::Bool,
            "CHAR" => Type::Char,
            "SHORT" => Type::Short,
            "INT" => Type::Int,
            "LONG" => Type::Long,
            "DATE" => Type::Date,
            "MONTH" => Type::Month,
            "TIME" => Type::Time,
            "MINUTE" => Type::Minute,
            "SECOND" => Type::Second,
            "DATETIME" => Type::DateTime,
            "TIMESTAMP" => Type::Timestamp,
            "NANOTIME" => Type::NanoTime,
            "NANOTIMESTAMP" => Type::NanoTimestamp,
            "FLOAT" => Type::Float,
            "DOUBLE" => Type::Double,
            "SYMBOL" => Type::Symbol,
            "STRING" => Type::String,
            "UUID" => Type::Uuid,
            "FUNCTIONDEF" => Type::FunctionDef,
            "HANDLE" => Type::Handle,
            "CODE" => Type::Code,
            "DATASOURCE" => Type::DataSource,
            "RESOURCE" => Type::Resource,
            "ANY" => Type::Any,
            "DICTIONARY" => Type::Dictionary,
            "DATEHOUR" => Type::DateHour,
            "DURATION" => Type::Duration,
            _ => return None,
        };
        Some(ty)
    }

    pub fn from_id(id: i64) -> Option<Type> {
        Type::ALL_DATA
            .iter()
            .chain(
                [
                    Type::FunctionDef,
                    Type::Handle,
                    Type::Code,
                    Type::DataSource,
                    Type::Resource,
                    Type::Any,
                    Type::Dictionary,
                    Type::DateHour,
                    Type::Duration,
                ]
                .iter(),
            )
            .copied()
            .find(|t| t.id() as i64 == id)
    }

    pub fn physical(self) -> Physical {
        match self {
            Type::Void | Type::Bool | Type::Char => Physical::I8,
            Type::Short => Physical::I16,
            Type::Int
            | Type::Date
            | Type::Month
            | Type::Time
            | Type::Minute
            | Type::Second
            | Type::DateTime
            | Type::DateHour => Physical::I32,
            Type::Long | Type::Timestamp | Type::NanoTime | Type::NanoTimestamp => Physical::I64,
            Type::Float => Physical::F32,
            Type::Double => Physical::F64,
            Type::Symbol | Type::String => Physical::Str,
            Type::Uuid => Physical::U128,
            _ => Physical::Any,
        }
    }

    pub fn category(self) -> Category {
        match self {
            Type::Void => Category::Nothing,
            Type::Bool => Category::Logical,
            Type::Char | Type::Short | Type::Int | Type::Long => Category::Integral,
            Type::Float | Type::Double => Category::Floating,
            Type::Date
            | Type::Month
            | Type::Time
            | Type::Minute
            | Type::Second
            | Type::DateTime
            | Type::Timestamp
            | Type::NanoTime
            | Type::NanoTimestamp
            | Type::DateHour => Category::Temporal,
            Type::Symbol | Type::String => Category::Literal,
            Type::Uuid => Category::Binary,
            Type::Any => Category::Mixed,
            _ => Category::System,
        }
    }

    pub fn is_temporal(self) -> bool {
        self.category() == Category::Temporal
    }
    pub fn is_integral(self) -> bool {
        self.category() == Category::Integral
    }
    pub fn is_floating(self) -> bool {
        self.category() == Category::Floating
    }
    /// BOOL, integral and floating types: the ones plain arithmetic is defined on.
    pub fn is_numeric(self) -> bool {
        matches!(
            self.category(),
            Category::Logical | Category::Integral | Category::Floating
        )
    }
    pub fn is_literal(self) -> bool {
        self.category() == Category::Literal
    }

    /// The letter used in typed NULL literals (`00i`) and numeric suffixes.
    pub fn null_suffix(self) -> Option<char> {
        Some(match self {
            Type::Bool => 'b',
            Type::Char => 'c',
            Type::Short => 'h',
            Type::Int => 'i',
            Type::Long => 'l',
            Type::Float => 'f',
            Type::Double => 'F',
            Type::Date => 'd',
            Type::Month => 'M',
            Type::Time => 't',
            Type::Minute => 'm',
            Type::Second => 's',
            Type::DateTime => 'D',
            Type::Timestamp => 'T',
            Type::NanoTime => 'n',
            Type::NanoTimestamp => 'N',
            _ => return None,
        })
    }

    pub fn from_null_suffix(c: char) -> Option<Type> {
        Type::ALL_DATA
            .iter()
            .copied()
            .find(|t| t.null_suffix() == Some(c))
    }

    /// Can a vector of this type be called "FAST" by `typestr` (fixed-width storage)?
    /// SYMBOL counts: DolphinDB stores it as integer codes (`typestr(symbol(x))` is
    /// `FAST SYMBOL VECTOR` in its docs), unlike STRING.
    pub fn is_fixed_width(self) -> bool {
        self == Type::Symbol || !matches!(self.physical(), Physical::Str | Physical::Any)
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Data forms (`form(x)`), with DolphinDB's ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Scalar = 0,
    Vector = 1,
    Pair = 2,
    Matrix = 3,
    Set = 4,
    Dictionary = 5,
    Table = 6,
}

impl Form {
    pub fn name(self) -> &'static str {
        match self {
            Form::Scalar => "SCALAR",
            Form::Vector => "VECTOR",
            Form::Pair => "PAIR",
            Form::Matrix => "MATRIX",
            Form::Set => "SET",
            Form::Dictionary => "DICTIONARY",
            Form::Table => "TABLE",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for ty in Type::ALL_DATA {
            assert_eq!(Type::from_id(ty.id() as i64), Some(ty));
            assert_eq!(Type::from_name(ty.name()), Some(ty));
        }
        assert_eq!(Type::from_name("int"), Some(Type::Int));
        assert_eq!(Type::from_null_suffix('F'), Some(Type::Double));
    }
}

//! Type constructor functions `bool char short int long float double date month time minute
//! second datetime timestamp nanotime nanotimestamp datehour symbol uuid`: each converts its
//! argument through the cast kernel, and with no argument returns that type's NULL
//! (`int()` is `00i`).

use super::registry::{Builtin, Registry};
use crate::error::Result;
use crate::eval::Interp;
use crate::value::{Scalar, Type, Value};

/// Converts `X` to `ty`, or gives `ty`'s NULL when `X` is omitted.
fn convert(args: &[Value], ty: Type) -> Result<Value> {
    match args.first() {
        None => Ok(Value::Scalar(Scalar::null(ty))),
        Some(v) if v.is_void() => Ok(Value::Scalar(Scalar::null(ty))),
        Some(v) if v.ty() == ty && !matches!(v, Value::Code(_) | Value::Function(_)) => {
            Ok(v.clone())
        }
        Some(v) => crate::kernels::cast(v, ty),
    }
}

macro_rules! constructors {
    ($($fname:ident => $ty:ident, $sig:literal, $doc:literal, $example:literal, $expected:literal;)*) => {
        $(
            fn $fname(_: &mut Interp, args: &[Value]) -> Result<Value> {
                convert(args, Type::$ty)
            }
        )*

        pub fn register(reg: &mut Registry) {
            $(
                reg.add(Builtin::new($sig, $fname).doc($doc).example($example, $expected));
            )*
        }
    };
}

constructors! {
    to_bool => Bool, "bool([X])", "Converts X to BOOL (non-zero is true).", "bool(0 2)", "[false,true]";
    to_char => Char, "char([X])", "Converts X to CHAR.", "char(97)", "'a'";
    to_short => Short, "short([X])", "Converts X to SHORT (out-of-range values wrap).", "short(12)", "12";
    to_int => Int, "int([X])", "Converts X to INT; floats round, strings parse their leading digits; int() is 00i.", "int(8.9)", "9";
    to_long => Long, "long([X])", "Converts X to LONG.", "long(3)", "3";
    to_float => Float, "float([X])", "Converts X to FLOAT.", "float(2)", "2";
    to_double => Double, "double([X])", "Converts X to DOUBLE.", "double(1)", "1";
    to_date => Date, "date([X])", "Converts X to DATE (an integer is days since 1970.01.01).", "date(2012.06.13T13:30:10)", "2012.06.13";
    to_month => Month, "month([X])", "Converts X to MONTH.", "month(2012.06.13)", "2012.06M";
    to_time => Time, "time([X])", "Converts X to TIME (milliseconds of the day).", "time(2012.06.13T13:30:10.008)", "13:30:10.008";
    to_minute => Minute, "minute([X])", "Converts X to MINUTE.", "minute(13:30:10)", "13:30m";
    to_second => Second, "second([X])", "Converts X to SECOND.", "second(2012.06.13T13:30:10)", "13:30:10";
    to_datetime => DateTime, "datetime([X])", "Converts X to DATETIME (an integer is seconds since the epoch).", "datetime(2012.06.13)", "2012.06.13T00:00:00";
    to_timestamp => Timestamp, "timestamp([X])", "Converts X to TIMESTAMP (an integer is milliseconds since the epoch).", "timestamp(2012.06.13)", "2012.06.13T00:00:00.000";
    to_nanotime => NanoTime, "nanotime([X])", "Converts X to NANOTIME.", "nanotime(13:30:10)", "13:30:10.000000000";
    to_nanotimestamp => NanoTimestamp, "nanotimestamp([X])", "Converts X to NANOTIMESTAMP.", "nanotimestamp(2012.06.13)", "2012.06.13T00:00:00.000000000";
    to_datehour => DateHour, "datehour([X])", "Converts X to DATEHOUR.", "datehour(2012.06.13T13:30:10)", "2012.06.13T13";
    to_symbol => Symbol, "symbol([X])", "Converts X to SYMBOL.", "symbol(`a`b)", "[\"a\",\"b\"]";
    to_uuid => Uuid, "uuid([X])", "Converts a string to UUID; uuid() is the NULL UUID.", "uuid(\"5d212a78-cc48-e3b1-4235-b4d91473ee87\")", "5d212a78-cc48-e3b1-4235-b4d91473ee87";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::display::display;
    use crate::value::Vector;

    #[test]
    fn no_argument_gives_typed_null() {
        let mut it = Interp::with_output(Box::new(std::io::sink()));
        assert_eq!(display(&to_int(&mut it, &[]).expect("int()")), "00i");
        assert_eq!(display(&to_date(&mut it, &[]).expect("date()")), "00d");
        assert_eq!(to_uuid(&mut it, &[]).expect("uuid()").ty(), Type::Uuid);
        let same = to_int(&mut it, &[Value::vector(Vector::ints(vec![1]))]).expect("no-op");
        assert_eq!(display(&same), "[1]");
    }

    #[test]
    fn conversions_go_through_the_cast_kernel() {
        let mut it = Interp::with_output(Box::new(std::io::sink()));
        assert_eq!(
            display(&to_int(&mut it, &[Value::double(8.9)]).expect("int")),
            "9"
        );
        let dt = Value::Scalar(Scalar::I32(Type::DateTime, 1_339_594_210));
        assert_eq!(
            display(&to_date(&mut it, std::slice::from_ref(&dt)).expect("date")),
            "2012.06.13"
        );
        assert_eq!(
            display(&to_second(&mut it, &[dt]).expect("second")),
            "13:30:10"
        );
        let d = Value::Scalar(Scalar::I32(Type::Date, 15504));
        assert_eq!(
            display(&to_month(&mut it, std::slice::from_ref(&d)).expect("month")),
            "2012.06M"
        );
        assert_eq!(
            display(&to_timestamp(&mut it, &[d]).expect("timestamp")),
            "2012.06.13T00:00:00.000"
        );
        assert_eq!(
            display(&to_char(&mut it, &[Value::int(97)]).expect("char")),
            "'a'"
        );
    }
}

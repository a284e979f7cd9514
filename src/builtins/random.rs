//! Random numbers: `rand`, `norm` and `setRandomSeed`, on a small per-session PRNG
//! (xoshiro256** seeded through splitmix64) so that a seeded script is reproducible.
//!
//! The sequences differ from DolphinDB's own generator: the same seed gives the same values
//! in porpoise on every run, not the values DolphinDB prints.

use super::registry::{Builtin, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Matrix, Physical, Scalar, Value, VecData, Vector};
use std::sync::Arc;

/// xoshiro256**: fast, small state, good statistical quality for simulation (not crypto).
#[derive(Clone, Debug)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator whose whole sequence is determined by `seed`.
    pub fn seeded(seed: u64) -> Rng {
        let mut x = seed;
        let mut next = || {
            // splitmix64 spreads even tiny seeds (0, 1, 2) over the whole state.
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            s: [next(), next(), next(), next()],
        }
    }

    /// A generator seeded from the clock and a process-wide counter, for unseeded sessions.
    pub fn from_time() -> Rng {
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        Rng::seeded(nanos ^ n.wrapping_mul(0xA076_1D64_78BD_642F))
    }

    pub fn next_u64(&mut self) -> u64 {
        let res = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        res
    }

    /// Uniform in [0, 1) with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [0, n) for n > 0 (multiply-high; the bias is below 2^-64 * n).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// A standard normal deviate (Box–Muller; one of the pair is discarded for simplicity).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.next_f64();
        let u2 = self.next_f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

pub fn register(reg: &mut Registry) {
    reg.add(Builtin::new("rand(X, [count])", rand)
        .doc("Random values of X's type: uniform on [0, X) for a positive number X, or drawn from the elements of vector X; count gives a vector length or a rows:cols matrix shape.")
        .example("size(rand(10, 100))", "100"));
    reg.add(
        Builtin::new("norm(mean, std, count)", norm)
            .doc("A DOUBLE vector (or rows:cols matrix) of normally distributed values with the given mean and standard deviation.")
            .example("size(norm(0.0, 1.0, 5))", "5"),
    );
    reg.add(
        Builtin::new("setRandomSeed(seed)", set_random_seed)
            .doc("Seeds the session's random generator so that later rand and norm calls are reproducible.")
            .example("setRandomSeed(5); a = rand(10, 10); setRandomSeed(5); eqObj(a, rand(10, 10))", "true"),
    );
}

/// The session's generator, created from the clock on first use.
fn rng(it: &mut Interp) -> &mut Rng {
    it.rng.get_or_insert_with(Rng::from_time)
}

/// The result shape requested by `count`: none (a scalar), a length, or rows × cols.
enum Shape {
    Scalar,
    Vector(usize),
    Matrix(usize, usize),
}

impl Shape {
    fn len(&self) -> usize {
        match self {
            Shape::Scalar => 1,
            Shape::Vector(n) => *n,
            Shape::Matrix(r, c) => r * c,
        }
    }

    /// Wraps `n` generated elements into the requested form.
    fn wrap(&self, v: Vector) -> Result<Value> {
        match self {
            Shape::Scalar => Ok(v.get(0).unwrap_or(Value::NULL)),
            Shape::Vector(_) => Ok(Value::vector(v)),
            Shape::Matrix(r, c) => Matrix::new(v, *r, *c)
                .map(|m| Value::Matrix(Arc::new(m)))
                .map_err(Error::length),
        }
    }
}

fn shape_arg(func: &str, v: Option<&Value>) -> Result<Shape> {
    let bad = || {
        Error::type_err(format!(
            "The argument [count] of [{func}] must be a non-negative integer scalar or a pair of them"
        ))
    };
    let dim = |s: &Scalar| -> Result<usize> {
        if !s.ty().is_integral() {
            return Err(bad());
        }
        s.as_i64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(bad)
    };
    match v {
        None => Ok(Shape::Scalar),
        Some(Value::Scalar(s)) => Ok(Shape::Vector(dim(s)?)),
        Some(Value::Pair(p)) => {
            let r = p.scalar_at(0).ok_or_else(bad)?;
            let c = p.scalar_at(1).ok_or_else(bad)?;
            Ok(Shape::Matrix(dim(&r)?, dim(&c)?))
        }
        Some(_) => Err(bad()),
    }
}

fn rand(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let shape = shape_arg("rand", args.get(1))?;
    let n = shape.len();
    match &args[0] {
        Value::Scalar(s) => {
            let v = uniform(rng(it), s, n)?;
            shape.wrap(v)
        }
        Value::Vector(x) => {
            if x.is_empty() {
                return Err(Error::domain(
                    "The first argument of [rand] must not be an empty vector",
                ));
            }
            let len = x.len() as u64;
            let r = rng(it);
            let idx: Vec<i64> = (0..n).map(|_| r.below(len) as i64).collect();
            shape.wrap(x.gather(&idx))
        }
        other => Err(Error::type_err(format!(
            "The first argument of [rand] must be a positive number or a vector, not {}",
            other.type_str()
        ))),
    }
}

/// `n` values uniform on [0, bound) with the bound's numeric type.
fn uniform(r: &mut Rng, bound: &Scalar, n: usize) -> Result<Vector> {
    let ty = bound.ty();
    let bad = || {
        Error::domain(format!(
            "The first argument of [rand] must be a positive number, not {}",
            crate::display::scalar_to_string(bound)
        ))
    };
    if !(ty.is_integral() || ty.is_floating()) || ty.is_temporal() || bound.is_null() {
        return Err(bad());
    }
    if ty.is_floating() {
        let hi = bound.as_f64().filter(|x| *x > 0.0).ok_or_else(bad)?;
        let data = match ty.physical() {
            Physical::F32 => VecData::F32((0..n).map(|_| (r.next_f64() * hi) as f32).collect()),
            _ => VecData::F64((0..n).map(|_| r.next_f64() * hi).collect()),
        };
        return Ok(Vector::new(ty, data));
    }
    let hi = bound.as_i64().filter(|x| *x > 0).ok_or_else(bad)? as u64;
    let mut out = Vector::with_capacity(ty, n);
    for _ in 0..n {
        out.push_scalar(&Scalar::from_i64(ty, r.below(hi) as i64));
    }
    Ok(out)
}

fn number(func: &str, param: &str, v: &Value) -> Result<f64> {
    match v {
        Value::Scalar(s) if s.ty().is_numeric() && !s.ty().is_temporal() => {
            s.as_f64().ok_or_else(|| {
                Error::domain(format!(
                    "The argument [{param}] of [{func}] must not be NULL"
                ))
            })
        }
        other => Err(Error::type_err(format!(
            "The argument [{param}] of [{func}] must be a numeric scalar, not {}",
            other.type_str()
        ))),
    }
}

fn norm(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let mean = number("norm", "mean", &args[0])?;
    let std = number("norm", "std", &args[1])?;
    if std < 0.0 {
        return Err(Error::domain(
            "The argument [std] of [norm] must be non-negative",
        ));
    }
    let shape = match shape_arg("norm", Some(&args[2]))? {
        Shape::Scalar => Shape::Vector(1),
        s => s,
    };
    let r = rng(it);
    let data: Vec<f64> = (0..shape.len()).map(|_| mean + std * r.normal()).collect();
    shape.wrap(Vector::doubles(data))
}

fn set_random_seed(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let seed = super::args::int_arg("setRandomSeed", "seed", &args[0])?;
    it.rng = Some(Rng::seeded(seed as u64));
    Ok(Value::NULL)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Type;

    #[test]
    fn seeded_sequences_repeat_and_stay_in_range() {
        let mut a = Rng::seeded(42);
        let mut b = Rng::seeded(42);
        for _ in 0..100 {
            let x = a.below(10);
            assert_eq!(x, b.below(10));
            assert!(x < 10);
            let f = a.next_f64();
            assert_eq!(f, b.next_f64());
            assert!((0.0..1.0).contains(&f));
        }
        assert_ne!(Rng::seeded(1).next_u64(), Rng::seeded(2).next_u64());
    }

    #[test]
    fn normal_deviates_have_the_right_moments() {
        let mut r = Rng::seeded(7);
        let xs: Vec<f64> = (0..20_000).map(|_| r.normal()).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / xs.len() as f64;
        assert!(mean.abs() < 0.05, "mean {mean}");
        assert!((var - 1.0).abs() < 0.05, "variance {var}");
    }

    #[test]
    fn uniform_keeps_the_bound_type() {
        let mut r = Rng::seeded(3);
        let v = uniform(&mut r, &Scalar::long(5), 4).expect("LONG bound");
        assert_eq!(v.ty(), Type::Long);
        assert!(uniform(&mut r, &Scalar::int(0), 1).is_err());
        assert!(uniform(&mut r, &Scalar::null(Type::Int), 1).is_err());
    }
}

//! The job built-ins: `scheduleJob getScheduledJobs deleteScheduledJob` and `submitJob
//! getJobStatus getRecentJobs getJobMessage getJobReturn cancelJob`.

use super::clock::{now_ms, today_days};
use super::record::records_table;
use super::run::{new_record, submit};
use super::schedule::ScheduledJob;
use super::script::function_script;
use super::{manager, store, valid_job_id, wildcard_match};
use crate::builtins::{bool_arg, int_arg, str_arg, Builtin, Kind, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::temporal::format_minute;
use crate::value::{Function, Scalar, Table, Type, Value, Vector};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(Builtin::new("scheduleJob(jobId, jobDesc, jobFunc, scheduleTime, startDate, endDate, frequency, [days])", schedule_job)
        .kind(Kind::System)
        .doc("Schedules jobFunc (a function without parameters, usually a partial application) at the MINUTE time(s) scheduleTime from startDate to endDate: frequency 'D' daily, 'W' weekly on the weekdays days (0 = Sunday), 'M' monthly on the days of the month days. Returns the job id (suffixed with the date and 000, 001... if taken).")
        .example("scheduleJob(`exampleDaily, \"daily job\", add{1, 2}, 00:05m, 2020.01.01, 2020.12.31, 'D')", "exampleDaily"));
    reg.add(Builtin::new("getScheduledJobs([jobIdPattern])", get_scheduled_jobs)
        .kind(Kind::System)
        .doc("A table (userId, jobId, jobDesc, startDate, endDate, frequency, scheduleTime, days) of the scheduled jobs, optionally those whose id matches a pattern with % and ? wildcards.")
        .example("scheduleJob(`exampleW, \"weekly\", add{1, 2}, 17:30m, 2020.01.01, 2020.12.31, 'W', 2); exec jobId, scheduleTime, days from getScheduledJobs(\"example%\")", "jobId    scheduleTime days\n-------- ------------ ----\nexampleW 17:30m       2"));
    reg.add(
        Builtin::new("deleteScheduledJob(jobId)", delete_scheduled_job)
            .kind(Kind::System)
            .doc("Deletes a scheduled job; fails if there is none with that id.")
            .example("scheduleJob(`exampleDel, \"\", add{1, 2}, 00:05m, 2020.01.01, 2020.12.31, 'D'); deleteScheduledJob(`exampleDel); size(getScheduledJobs())","0"),
    );
    reg.add(Builtin::new("submitJob(jobId, jobDesc, jobDef, args...)", submit_job)
        .kind(Kind::System)
        .doc("Runs jobDef(args...) as a background batch job on the worker pool and returns its id at once (suffixed with the date and 0000, 0001... if taken).")
        .example("submitJob(`exampleSubmit, \"demo\", add, 1, 2)", "exampleSubmit"));
    reg.add(Builtin::new("getJobStatus(jobId)", get_job_status)
        .kind(Kind::System)
        .doc("A one-row table (node userID jobId rootJobId jobDesc priority parallelism clientIp clientPort receivedTime startTime endTime errorMsg status) describing a batch job; endTime is NULL while it runs.")
        .example("id = submitJob(`exampleStatus, \"demo\", add, 1, 2); getJobReturn(id, true); exec jobId, jobDesc, errorMsg from getJobStatus(id)", "jobId         jobDesc errorMsg\n------------- ------- --------\nexampleStatus demo"));
    reg.add(Builtin::new("getRecentJobs([n])", get_recent_jobs)
        .kind(Kind::System)
        .doc("The status table (as getJobStatus) of the n most recent batch jobs, or of all of them; scheduled runs appear as jobId_yyyyMMddHHmm.")
        .example("id = submitJob(`exampleRecent, \"\", add, 1, 2); getJobReturn(id, true); exec jobId, jobDesc from getRecentJobs(1)", "jobId         jobDesc\n------------- -------\nexampleRecent add"));
    reg.add(Builtin::new("getJobMessage(jobId)", get_job_message)
        .kind(Kind::System)
        .doc("The message log of a batch job: time-stamped lines from 'Start the job [id]: desc' through what it printed to 'The job is done.'.")
        .example("id = submitJob(`exampleMsg, \"\", print, \"hello\"); getJobReturn(id, true); m = getJobMessage(id); [strpos(m, \"Start the job [exampleMsg]: print\") > 0, strpos(m, \"hello\") > 0]", "[true,true]"));
    reg.add(Builtin::new("getJobReturn(jobId, [blocking=false])", get_job_return)
        .kind(Kind::System)
        .doc("The return value of a batch job; fails while it is not complete unless blocking=true, which waits for it. A failed job's error is raised again.")
        .example("id = submitJob(`exampleReturn, \"\", add, 40, 2); getJobReturn(id, true)", "42"));
    reg.add(Builtin::new("cancelJob(jobId)", cancel_job)
        .kind(Kind::System)
        .doc("Cancels a queued or running batch job: it stops at its next statement and is recorded as cancelled.")
        .example("def spin() { do { x = 1 } while (true) }\nid = submitJob(`exampleCancel, \"\", spin); cancelJob(id); try { getJobReturn(id, true) } catch (e) {}; exec errorMsg from getJobStatus(id)", "[\"The job was cancelled.\"]"));
}

fn schedule_job(it: &mut Interp, args: &[Value]) -> Result<Value> {
    const F: &str = "scheduleJob";
    let id = str_arg(F, "jobId", &args[0])?.to_string();
    if !valid_job_id(&id) {
        return Err(Error::domain(format!(
"The argument [jobId] of [{F}] must consist of letters, digits and underscores, not \"{id}\""
        )));
    }
    let desc = str_arg(F, "jobDesc", &args[1])?.to_string();
    let func = job_function(F, "jobFunc", &args[2])?;
    if func.arity().0 > 0 {
        return Err(Error::arity(format!(
"The job function {} of [{F}] needs arguments; a scheduled job runs without arguments, so bind them with partial application, e.g. {}{{...}}",
            func.name(),
            func.name()
        )));
    }
    let times = minute_arg(&args[3])?;
    let start_date = date_arg("startDate", &args[4])?;
    let end_date = date_arg("endDate", &args[5])?;
    if end_date < start_date {
        return Err(Error::domain(format!(
            "The argument [endDate] of [{F}] must not be earlier than startDate"
        )));
    }
    let frequency = match &args[6] {
        Value::Scalar(Scalar::I8(Type::Char, c)) if matches!(*c as u8, b'D' | b'W' | b'M') => {
            *c as u8 as char
        }
        _ => {
            return Err(Error::domain(format!(
"The argument [frequency] of [{F}] must be the CHAR 'D' (daily), 'W' (weekly) or 'M' (monthly)"
            )))
        }
    };
    let days = match (frequency, args.get(7)) {
        ('D', _) => Vec::new(),
        (_, None | Some(Value::Scalar(Scalar::Void))) => {
            return Err(Error::arity(format!(
                "The argument [days] of [{F}] is required when frequency is '{frequency}'"
            )))
        }
        (_, Some(v)) => days_arg(frequency, v)?,
    };
    let script = function_script(it, &args[2])?;
    let mgr = manager(it);
    let existing: Vec<String> = mgr.scheduled_jobs().into_iter().map(|j| j.id).collect();
    let id = if existing.contains(&id) {
        let date = super::run::yyyymmdd(today_days(it));
        (0..)
            .map(|n| format!("{id}{date}{n:03}"))
            .find(|c| !existing.contains(c))
            .expect("an unbounded counter finds a free id")
    } else {
        id
    };
    let job = ScheduledJob {
        id: id.clone(),
        desc,
        user: crate::auth::current_user(it),
        admin: it.auth.is_admin(),
        start_date,
        end_date,
        frequency,
        times,
        days,
        created_ms: now_ms(it),
        script,
        func: None,
    };
    match &mgr.dir {
        Some(dir) => store::save_scheduled(dir, &job)?,
        None => {
            let mut job = job;
            job.func = Some(func);
            mgr.lock().scheduled.insert(id.clone(), job);
        }
    }
    Ok(Value::string(id))
}

fn job_function(f: &str, param: &str, v: &Value) -> Result<Arc<Function>> {
    match v {
        Value::Function(func) => Ok(func.clone()),
        other => Err(Error::type_err(format!(
            "The argument [{param}] of [{f}] must be a function, not {}",
            other.type_str()
        ))),
    }
}

fn minute_arg(v: &Value) -> Result<Vec<i64>> {
    let bad = || {
        Error::type_err(
"The argument [scheduleTime] of [scheduleJob] must be a MINUTE scalar or vector, e.g. 00:05m",
        )
    };
    let mut times: Vec<i64> = match v {
        Value::Scalar(s) if s.ty() == Type::Minute => vec![s.as_i64().ok_or_else(bad)?],
        Value::Vector(vec) if vec.ty() == Type::Minute && !vec.is_empty() => vec
            .to_i64s()
            .ok_or_else(bad)?
            .into_iter()
            .map(|x| x.ok_or_else(bad))
            .collect::<Result<_>>()?,
        _ => return Err(bad()),
    };
    times.sort_unstable();
    times.dedup();
    Ok(times)
}

fn date_arg(param: &str, v: &Value) -> Result<i64> {
    match v {
        Value::Scalar(s) if s.ty() == Type::Date && !s.is_null() => {
            s.as_i64().ok_or_else(|| Error::type_err("unreachable"))
        }
        other => Err(Error::type_err(format!(
            "The argument [{param}] of [scheduleJob] must be a DATE scalar, not {}",
            other.type_str()
        ))),
    }
}

fn days_arg(frequency: char, v: &Value) -> Result<Vec<i64>> {
    let items: Vec<i64> = match v {
        Value::Scalar(_) => vec![int_arg("scheduleJob", "days", v)?],
        Value::Vector(vec) if vec.ty().is_integral() => vec
            .to_i64s()
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .collect(),
        other => {
            return Err(Error::type_err(format!(
                "The argument [days] of [scheduleJob] must be an integer scalar or vector, not {}",
                other.type_str()
            )))
        }
    };
    let (lo, hi, what) = if frequency == 'W' {
        (0, 6, "weekdays from 0 (Sunday) to 6 (Saturday)")
    } else {
        (1, 31, "days of the month from 1 to 31")
    };
    if items.is_empty() || items.iter().any(|d| *d < lo || *d > hi) {
        return Err(Error::domain(format!(
            "The argument [days] of [scheduleJob] must hold {what} when frequency is '{frequency}'"
        )));
    }
    let mut items = items;
    items.sort_unstable();
    items.dedup();
    Ok(items)
}

fn get_scheduled_jobs(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let pattern = match args.first() {
        None | Some(Value::Scalar(Scalar::Void)) => None,
        Some(v) => Some(str_arg("getScheduledJobs", "jobIdPattern", v)?.to_string()),
    };
    let mut jobs = manager(it).scheduled_jobs();
    jobs.retain(|j| pattern.as_deref().is_none_or(|p| wildcard_match(p, &j.id)));
    jobs.sort_by(|a, b| a.id.cmp(&b.id));
    let strs = |f: &dyn Fn(&ScheduledJob) -> String| {
        Arc::new(Vector::strings(
            jobs.iter().map(|j| Arc::from(f(j).as_str())).collect(),
        ))
    };
    let dates = |f: &dyn Fn(&ScheduledJob) -> i64| {
        Arc::new(Vector::new(
            Type::Date,
            crate::value::VecData::I32(jobs.iter().map(|j| f(j) as i32).collect()),
        ))
    };
    let freq = Arc::new(Vector::new(
        Type::Char,
        crate::value::VecData::I8(jobs.iter().map(|j| j.frequency as u8 as i8).collect()),
    ));
    let join = |xs: Vec<String>| xs.join(" ");
    let names = [
        "userId",
        "jobId",
        "jobDesc",
        "startDate",
        "endDate",
        "frequency",
        "scheduleTime",
        "days",
    ];
    let cols = vec![
        strs(&|j| j.user.clone()),
        strs(&|j| j.id.clone()),
        strs(&|j| j.desc.clone()),
        dates(&|j| j.start_date),
        dates(&|j| j.end_date),
        freq,
        strs(&|j| join(j.times.iter().map(|m| format_minute(*m)).collect())),
        strs(&|j| join(j.days.iter().map(|d| d.to_string()).collect())),
    ];
    let t = Table::from_columns(names.iter().map(|n| Arc::from(*n)).collect(), cols)
        .map_err(Error::runtime)?;
    Ok(Value::Table(Arc::new(t)))
}

fn delete_scheduled_job(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let id = str_arg("deleteScheduledJob", "jobId", &args[0])?.to_string();
    let mgr = manager(it);
    let found = match &mgr.dir {
        Some(dir) => valid_job_id(&id) && store::delete_scheduled(dir, &id)?,
        None => mgr.lock().scheduled.remove(&id).is_some(),
    };
    if !found {
        return Err(Error::not_found(format!(
            "deleteScheduledJob: the scheduled job [{id}] does not exist"
        )));
    }
    Ok(Value::NULL)
}

fn submit_job(it: &mut Interp, args: &[Value]) -> Result<Value> {
    const F: &str = "submitJob";
    let id = str_arg(F, "jobId", &args[0])?.to_string();
    if !valid_job_id(&id) {
        return Err(Error::domain(format!(
"The argument [jobId] of [{F}] must consist of letters, digits and underscores, not \"{id}\""
        )));
    }
    let desc = match &args[1] {
        Value::Scalar(Scalar::Void) => String::new(),
        v => str_arg(F, "jobDesc", v)?.to_string(),
    };
    let func = job_function(F, "jobDef", &args[2])?;
    let job_args: Vec<Value> = args[3..].to_vec();
    let (lo, hi) = func.arity();
    if !matches!(func.as_ref(), Function::Adverb { .. })
        && (job_args.len() < lo || job_args.len() > hi)
    {
        return Err(Error::arity(format!(
            "The job function {} of [{F}] takes {} but {} were given",
            func.name(),
            if lo == hi {
                format!("{lo} argument(s)")
            } else {
                format!("{lo} to {hi} arguments")
            },
            job_args.len()
        )));
    }
    // DolphinDB shows the function's name when the description is empty.
    let desc = if desc.is_empty() { func.name() } else { desc };
    let mgr = manager(it);
    let id = mgr.unique_batch_id(&id, today_days(it));
    let record = new_record(id.clone(), desc, crate::auth::current_user(it), now_ms(it));
    let (session, _) = it.fork().fork_with_buffer();
    submit(&mgr, session, record, func, job_args)?;
    Ok(Value::string(id))
}

fn job_id_arg(f: &str, v: &Value) -> Result<String> {
    Ok(str_arg(f, "jobId", v)?.to_string())
}

fn get_job_status(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let id = job_id_arg("getJobStatus", &args[0])?;
    let r = manager(it)
        .record(&id)
        .ok_or_else(|| Error::not_found(format!("The job [{id}] does not exist.")))?;
    Ok(records_table(&[r]))
}

fn get_recent_jobs(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let n = match args.first() {
        None | Some(Value::Scalar(Scalar::Void)) => None,
        Some(v) => {
            let n = int_arg("getRecentJobs", "n", v)?;
            if n <= 0 {
                return Err(Error::domain(
                    "The argument [n] of [getRecentJobs] must be a positive integer",
                ));
            }
            Some(n as usize)
        }
    };
    let all = manager(it).records();
    let skip = n.map_or(0, |n| all.len().saturating_sub(n));
    Ok(records_table(&all[skip..]))
}

fn get_job_message(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let id = job_id_arg("getJobMessage", &args[0])?;
    manager(it)
        .message(&id)
        .map(Value::string)
        .ok_or_else(|| Error::not_found(format!("The job [{id}] does not exist.")))
}

fn get_job_return(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let id = job_id_arg("getJobReturn", &args[0])?;
    let blocking = bool_arg("getJobReturn", "blocking", args.get(1), false)?;
    manager(it).job_return(&id, blocking)
}

fn cancel_job(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let id = job_id_arg("cancelJob", &args[0])?;
    manager(it).cancel(&id)?;
    Ok(Value::NULL)
}

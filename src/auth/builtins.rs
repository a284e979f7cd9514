//! The user-management built-ins: `login logout createUser deleteUser changePwd resetPwd
//! getUserList getCurrentSessionAndUser`. Passwords are never echoed in messages.

use super::store::{UserRecord, SUPER_ADMIN};
use super::{not_logged_in, require_admin, with_users};
use crate::builtins::{Builtin, Kind, Registry};
use crate::error::{Error, Result};
use crate::eval::Interp;
use crate::value::{Scalar, Value, Vector};
use std::sync::Arc;

pub fn register(reg: &mut Registry) {
    reg.add(
        Builtin::new("login(userId, password)", login)
            .kind(Kind::System)
            .doc("Logs the session in as userId.")
            .example("login(`admin, `123456)", ""),
    );
    reg.add(
        Builtin::new("logout([userId], [sessionOnly=true])", logout)
            .kind(Kind::System)
            .doc("Logs the session out (back to guest); an administrator may name another user.")
            .example(
                "login(`admin, `123456); logout(); getCurrentSessionAndUser()[1]",
                "guest",
            ),
    );
    reg.add(Builtin::new("createUser(userId, password, [groupIds], [isAdmin=false])", create_user)
        .kind(Kind::System)
        .doc("Creates a user (administrators only). userId: letters, digits and underscores, starting with a letter, at most 30 characters.")
        .example("login(`admin, `123456); createUser(`exampleUser1, \"pass_1234\"); deleteUser(`exampleUser1)", ""));
    reg.add(
        Builtin::new("deleteUser(userId)", delete_user)
            .kind(Kind::System)
            .doc("Deletes a user (administrators only); the super administrator admin cannot be deleted.")
            .example("login(`admin, `123456); createUser(`exampleUser2, \"pass_1234\"); deleteUser(`exampleUser2); getUserList()", "[]"),
    );
    reg.add(
        Builtin::new("changePwd(oldPwd, newPwd)", change_pwd)
            .kind(Kind::System)
            .doc("Changes the logged-in user's own password.")
            .example(
                "login(`admin, `123456); changePwd(`123456, `abcdef); changePwd(`abcdef, `123456)",
                "",
            ),
    );
    reg.add(
        Builtin::new("resetPwd(userId, newPwd)", reset_pwd)
            .kind(Kind::System)
            .doc("Sets another user's password (administrators only).")
            .example("login(`admin, `123456); createUser(`exampleUser3, \"pass_1234\"); resetPwd(`exampleUser3, \"pass_5678\"); deleteUser(`exampleUser3)", ""),
    );
    reg.add(
        Builtin::new("getUserList()", get_user_list)
            .doc("The names of all users except the super administrator, sorted (administrators only).")
            .example("login(`admin, `123456); getUserList()", "[]"),
    );
    reg.add(
        Builtin::new("getCurrentSessionAndUser()", get_current_session_and_user)
            .doc("A tuple (sessionId, userId); userId is guest when nobody is logged in.")
            .example("getCurrentSessionAndUser()[1]", "guest"),
    );
}

/// A STRING scalar argument.
fn text(func: &str, param: &str, v: &Value) -> Result<String> {
    match v {
        Value::Scalar(Scalar::Str(_, s)) => Ok(s.to_string()),
        other => Err(Error::type_err(format!(
            "The argument [{param}] of [{func}] must be a STRING scalar, not {}",
            other.type_str()
        ))),
    }
}

fn check_user_id(id: &str) -> Result<()> {
    let mut chars = id.chars();
    let ok = chars.next().is_some_and(|c| c.is_alphabetic())
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && id.chars().count() <= 30;
    if ok {
        Ok(())
    } else {
        Err(Error::domain(format!(
            "Invalid user name [{id}]: it must start with a letter, contain only letters, digits and underscores, and have at most 30 characters."
        )))
    }
}

fn check_password(pw: &str) -> Result<()> {
    if pw.is_empty() || pw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::domain(
            "Invalid password: it must not be empty or contain spaces or control characters.",
        ));
    }
    Ok(())
}

fn incorrect() -> Error {
    Error::runtime("The user name or password is incorrect.")
}

fn missing(id: &str) -> Error {
    Error::not_found(format!("The user [{id}] doesn't exist."))
}

fn login(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let id = text("login", "userId", &args[0])?;
    let pw = text("login", "password", &args[1])?;
    let admin = with_users(it, |db| {
        let user = db.authenticate(&id, &pw).ok_or_else(incorrect)?;
        Ok((user.is_admin, false))
    })?;
    it.auth.set_user(Some((id, admin)));
    Ok(Value::NULL)
}

fn logout(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let target = match args.first() {
        None | Some(Value::Scalar(Scalar::Void)) => None,
        Some(v) => Some(text("logout", "userId", v)?),
    };
    crate::builtins::bool_arg("logout", "sessionOnly", args.get(1), true)?;
    match target {
        Some(id) if id != it.auth.user() => {
            // Another user's sessions: only an administrator may end them. This process has
            // no other sessions of that user, so there is nothing further to close.
            require_admin(it, "logout")?;
            with_users(it, |db| {
                db.get(&id).ok_or_else(|| missing(&id))?;
                Ok(((), false))
            })?;
        }
        _ => it.auth.set_user(None),
    }
    Ok(Value::NULL)
}

fn create_user(it: &mut Interp, args: &[Value]) -> Result<Value> {
    require_admin(it, "createUser")?;
    let id = text("createUser", "userId", &args[0])?;
    let pw = text("createUser", "password", &args[1])?;
    let groups = match args.get(2) {
        None | Some(Value::Scalar(Scalar::Void)) => Vec::new(),
        Some(v) => crate::builtins::strings_arg("createUser", "groupIds", v)?
            .iter()
            .map(|g| g.to_string())
            .collect(),
    };
    let is_admin = crate::builtins::bool_arg("createUser", "isAdmin", args.get(3), false)?;
    check_user_id(&id)?;
    check_password(&pw)?;
    with_users(it, |db| {
        if db.get(&id).is_some() {
            return Err(Error::runtime(format!("The user [{id}] already exists.")));
        }
        let mut rec = UserRecord::new(&id, &pw, is_admin)?;
        rec.groups = groups;
        db.users.push(rec);
        Ok(((), true))
    })?;
    Ok(Value::NULL)
}

fn delete_user(it: &mut Interp, args: &[Value]) -> Result<Value> {
    require_admin(it, "deleteUser")?;
    let id = text("deleteUser", "userId", &args[0])?;
    if id == SUPER_ADMIN {
        return Err(Error::runtime(
            "The super administrator [admin] can't be deleted.",
        ));
    }
    with_users(it, |db| {
        let before = db.users.len();
        db.users.retain(|u| u.name != id);
        if db.users.len() == before {
            return Err(missing(&id));
        }
        Ok(((), true))
    })?;
    if it.auth.user() == id {
        it.auth.set_user(None);
    }
    Ok(Value::NULL)
}

fn change_pwd(it: &mut Interp, args: &[Value]) -> Result<Value> {
    let old = text("changePwd", "oldPwd", &args[0])?;
    let new = text("changePwd", "newPwd", &args[1])?;
    if !it.auth.is_logged_in() {
        return Err(not_logged_in("changePwd"));
    }
    check_password(&new)?;
    let me = it.auth.user().to_string();
    with_users(it, |db| {
        let user = db.get_mut(&me).ok_or_else(|| missing(&me))?;
        if !user.verify(&old) {
            return Err(Error::runtime("The old password is incorrect."));
        }
        user.set_password(&new)?;
        Ok(((), true))
    })?;
    Ok(Value::NULL)
}

fn reset_pwd(it: &mut Interp, args: &[Value]) -> Result<Value> {
    require_admin(it, "resetPwd")?;
    let id = text("resetPwd", "userId", &args[0])?;
    let new = text("resetPwd", "newPwd", &args[1])?;
    check_password(&new)?;
    with_users(it, |db| {
        let user = db.get_mut(&id).ok_or_else(|| missing(&id))?;
        user.set_password(&new)?;
        Ok(((), true))
    })?;
    Ok(Value::NULL)
}

fn get_user_list(it: &mut Interp, _: &[Value]) -> Result<Value> {
    require_admin(it, "getUserList")?;
    let mut names: Vec<String> = with_users(it, |db| {
        let names = db
            .users
            .iter()
            .filter(|u| u.name != SUPER_ADMIN)
            .map(|u| u.name.clone())
            .collect();
        Ok((names, false))
    })?;
    names.sort();
    Ok(Value::vector(Vector::strings(
        names.into_iter().map(Arc::from).collect(),
    )))
}

fn get_current_session_and_user(it: &mut Interp, _: &[Value]) -> Result<Value> {
    Ok(Value::vector(Vector::tuple(vec![
        Value::long(it.auth.id()),
        Value::string(it.auth.user()),
    ])))
}

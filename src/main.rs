//! The `porpoise` command.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // Deeply nested scripts recurse in the tree walker: run it on a thread with a large stack.
    let worker = std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(move || porpoise::cli::main_with_args(&args));
    let code = match worker {
        Ok(handle) => handle.join().unwrap_or(1),
        Err(_) => porpoise::cli::main_with_args(&std::env::args().skip(1).collect::<Vec<_>>()),
    };
    std::process::exit(code);
}

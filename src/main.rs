use std::process::ExitCode;

fn main() -> ExitCode {
    folio::cli::main()
}

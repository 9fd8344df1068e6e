use std::process::ExitCode;

// Pages are rendered on every core; mimalloc keeps allocation from becoming
// the bottleneck (glibc's malloc/free were ~16% of a 10,000-page build).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    folio::cli::main()
}

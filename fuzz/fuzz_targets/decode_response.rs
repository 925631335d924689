//! Every operation's response decoding in `generated-client`, under any status, headers and body.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: codegen_fuzz::ResponseInput| {
    codegen_fuzz::decode(&input);
});

// Test controls of the native in-memory block store (native builds only).
#pragma once

#include <cstddef>
#include <string>

namespace pocketlite::native_store {

/// Deletes every file and clears any injected fault.
void reset();
/// Simulates a crash: after `operations` more mutating calls (write, truncate, delete, sync),
/// every later mutating call fails without effect, freezing the files as a power cut would.
/// A negative value disables the fault.
void crash_after(int operations);
/// Makes writes fail with "out of space" once files hold more than `bytes` in total (<0: off).
void set_quota(long long bytes);
/// Size of a file in bytes, or -1 if it does not exist.
long long file_size(const std::string& name);

}  // namespace pocketlite::native_store

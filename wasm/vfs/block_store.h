// The synchronous file store the SQLite VFS runs on. Under Emscripten these functions are JS
// imports (store_library.js) that forward to the backend object the JS side installed (memory,
// Node fs, OPFS); natively they are an in-memory stand-in (native_store.cpp) with fault injection.
// Offsets and sizes are doubles: exact to 2^53 and no i64 legalization across the wasm boundary.
#pragma once

extern "C" {

/// Opens a file, creating it when `create` is non-zero; returns a handle >= 0, or -1.
int plite_store_open(const char* name, int create);
/// Closes a handle; 0 or -1.
int plite_store_close(int file);
/// Reads up to n bytes at `offset`; returns the count read (short at end of file), or -1.
int plite_store_read(int file, unsigned char* buffer, int n, double offset);
/// Writes n bytes at `offset`; 0, -1 on I/O error, -2 when out of space (quota).
int plite_store_write(int file, const unsigned char* buffer, int n, double offset);
/// Sets the file's size; 0 or -1.
int plite_store_truncate(int file, double size);
/// Makes the file's written data durable; 0 or -1.
int plite_store_sync(int file);
/// The file's size in bytes, or -1.
double plite_store_size(int file);
/// Deletes a file by name (missing is fine); 0 or -1.
int plite_store_delete(const char* name);
/// 1 if the named file exists, else 0.
int plite_store_exists(const char* name);
/// Copies the last failure's message into buffer (NUL-terminated); returns its full length.
int plite_store_error(char* buffer, int n);
/// Wall-clock milliseconds since the Unix epoch, as the platform gives it (SQLite's 'now').
double plite_clock_ms();
/// Fills buffer with random bytes (SQLite's temp names and journal nonces).
void plite_random(unsigned char* buffer, int n);
}

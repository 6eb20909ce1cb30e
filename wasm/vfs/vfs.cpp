#include "vfs/vfs.h"

#include <sqlite3.h>

#include <cstring>
#include <string>
#include <utility>

#include "vfs/block_store.h"

namespace pocketlite {
namespace {

constexpr int kMaxPath = 512;

// The per-file state SQLite allocates for us (szOsFile bytes); it must stay trivially copyable.
struct StoreFile {
  sqlite3_file base;
  int handle;
  int lock;
  bool delete_on_close;
  char name[kMaxPath];
};

std::string g_last_error;

int fail(int code) {
  char buffer[512];
  plite_store_error(buffer, sizeof buffer);
  g_last_error = buffer;
  return code;
}

StoreFile* as_store(sqlite3_file* f) { return reinterpret_cast<StoreFile*>(f); }

int x_close(sqlite3_file* f) {
  StoreFile* file = as_store(f);
  const int rc = plite_store_close(file->handle);
  if (file->delete_on_close) plite_store_delete(file->name);
  return rc == 0 ? SQLITE_OK : fail(SQLITE_IOERR_CLOSE);
}

int x_read(sqlite3_file* f, void* out, int n, sqlite3_int64 offset) {
  const int got =
      plite_store_read(as_store(f)->handle, static_cast<unsigned char*>(out), n, static_cast<double>(offset));
  if (got < 0) return fail(SQLITE_IOERR_READ);
  if (got < n) {
    std::memset(static_cast<unsigned char*>(out) + got, 0, static_cast<std::size_t>(n - got));
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}

int x_write(sqlite3_file* f, const void* data, int n, sqlite3_int64 offset) {
  const int rc =
      plite_store_write(as_store(f)->handle, static_cast<const unsigned char*>(data), n, static_cast<double>(offset));
  if (rc == -2) return fail(SQLITE_FULL);
  return rc == 0 ? SQLITE_OK : fail(SQLITE_IOERR_WRITE);
}

int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  return plite_store_truncate(as_store(f)->handle, static_cast<double>(size)) == 0 ? SQLITE_OK
                                                                                   : fail(SQLITE_IOERR_TRUNCATE);
}

int x_sync(sqlite3_file* f, int) {
  return plite_store_sync(as_store(f)->handle) == 0 ? SQLITE_OK : fail(SQLITE_IOERR_FSYNC);
}

int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
  const double s = plite_store_size(as_store(f)->handle);
  if (s < 0) return fail(SQLITE_IOERR_FSTAT);
  *size = static_cast<sqlite3_int64>(s);
  return SQLITE_OK;
}

// Locks are bookkeeping only: a replica file has one connection (locking_mode=EXCLUSIVE), and
// the JS side refuses to open the same replica twice. Cross-tab exclusion is the worker's job.
int x_lock(sqlite3_file* f, int level) {
  as_store(f)->lock = level;
  return SQLITE_OK;
}
int x_unlock(sqlite3_file* f, int level) {
  as_store(f)->lock = level;
  return SQLITE_OK;
}
int x_check_reserved_lock(sqlite3_file*, int* out) {
  *out = 0;
  return SQLITE_OK;
}
int x_file_control(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
int x_sector_size(sqlite3_file*) { return 4096; }
int x_device_characteristics(sqlite3_file*) { return 0; }

const sqlite3_io_methods kIoMethods = {
    1,
    x_close,
    x_read,
    x_write,
    x_truncate,
    x_sync,
    x_file_size,
    x_lock,
    x_unlock,
    x_check_reserved_lock,
    x_file_control,
    x_sector_size,
    x_device_characteristics,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
};

int x_open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  static int temp_counter = 0;
  StoreFile* file = as_store(f);
  file->base.pMethods = nullptr;
  std::string path = name ? name : "pocketlite-temp-" + std::to_string(++temp_counter);
  if (path.size() >= kMaxPath) return SQLITE_CANTOPEN;
  std::memcpy(file->name, path.c_str(), path.size() + 1);
  file->handle = plite_store_open(file->name, (flags & SQLITE_OPEN_CREATE) != 0 ? 1 : 0);
  if (file->handle < 0) return fail(SQLITE_CANTOPEN);
  file->lock = SQLITE_LOCK_NONE;
  file->delete_on_close = name == nullptr || (flags & SQLITE_OPEN_DELETEONCLOSE) != 0;
  file->base.pMethods = &kIoMethods;
  if (out_flags != nullptr) *out_flags = flags;
  return SQLITE_OK;
}

int x_delete(sqlite3_vfs*, const char* name, int) {
  return plite_store_delete(name) == 0 ? SQLITE_OK : fail(SQLITE_IOERR_DELETE);
}

int x_access(sqlite3_vfs*, const char* name, int, int* out) {
  *out = plite_store_exists(name);
  return SQLITE_OK;
}

int x_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) {
  if (static_cast<int>(std::strlen(name)) >= n) return SQLITE_CANTOPEN;
  std::strcpy(out, name);
  return SQLITE_OK;
}

int x_randomness(sqlite3_vfs*, int n, char* out) {
  plite_random(reinterpret_cast<unsigned char*>(out), n);
  return n;
}

int x_sleep(sqlite3_vfs*, int) { return 0; }  // single connection: SQLite never needs to wait

int x_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
  constexpr sqlite3_int64 kUnixEpochJulianMs = 210866760000000LL;
  *out = kUnixEpochJulianMs + static_cast<sqlite3_int64>(plite_clock_ms());
  return SQLITE_OK;
}

int x_current_time(sqlite3_vfs* vfs, double* out) {
  sqlite3_int64 ms = 0;
  x_current_time_int64(vfs, &ms);
  *out = static_cast<double>(ms) / 86400000.0;
  return SQLITE_OK;
}

int x_get_last_error(sqlite3_vfs*, int n, char* out) {
  if (out == nullptr || n <= 0) return 0;  // SQLite probes with (0, nullptr)
  std::strncpy(out, g_last_error.c_str(), static_cast<std::size_t>(n));
  out[n - 1] = '\0';
  return 0;
}

sqlite3_vfs g_vfs = {
    2,
    sizeof(StoreFile),
    kMaxPath,
    nullptr,
    "pocketlite",
    nullptr,
    x_open,
    x_delete,
    x_access,
    x_full_pathname,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    x_randomness,
    x_sleep,
    x_current_time,
    x_get_last_error,
    x_current_time_int64,
    nullptr,
    nullptr,
    nullptr,
};

}  // namespace

std::string take_vfs_error() { return std::exchange(g_last_error, std::string()); }

}  // namespace pocketlite

// SQLite is built with SQLITE_OS_OTHER, so it calls these to get its VFS.
extern "C" int sqlite3_os_init() { return sqlite3_vfs_register(&pocketlite::g_vfs, 1); }
extern "C" int sqlite3_os_end() { return SQLITE_OK; }

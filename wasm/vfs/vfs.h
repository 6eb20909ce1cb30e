// A SQLite VFS over the block store (block_store.h). It is registered as the default VFS by
// sqlite3_os_init, since SQLite is compiled with SQLITE_OS_OTHER.
#pragma once

#include <string>

namespace pocketlite {

/// Returns and clears the store's message for the last failed VFS call ("" if none), so an
/// I/O error reported by SQLite can say what the storage backend said.
std::string take_vfs_error();

}  // namespace pocketlite

// Emscripten JS library: the block-store imports of block_store.h, forwarded to the backend
// object the loader puts on the module as `Module.pocketliteStore` (see js/storage/types.ts).
// A backend method that throws is turned into an error code; its message is kept for
// plite_store_error so SQLite's error can say what the storage said.
mergeInto(LibraryManager.library, {
  $PLITE: {
    lastError: '',
    call: function (fn, fallback) {
      try {
        return fn(Module['pocketliteStore']);
      } catch (e) {
        PLITE.lastError = String((e && e.message) || e);
        if (e && (e.name === 'QuotaExceededError' || e.code === 'ENOSPC' || e.code === 'EDQUOT')) return -2;
        return fallback;
      }
    },
  },
  plite_store_open__deps: ['$PLITE'],
  plite_store_open: function (name, create) {
    return PLITE.call(function (s) {
      return s.open(UTF8ToString(name), create !== 0);
    }, -1);
  },
  plite_store_close__deps: ['$PLITE'],
  plite_store_close: function (file) {
    return PLITE.call(function (s) {
      s.close(file);
      return 0;
    }, -1);
  },
  plite_store_read__deps: ['$PLITE'],
  plite_store_read: function (file, buffer, n, offset) {
    return PLITE.call(function (s) {
      return s.read(file, HEAPU8.subarray(buffer, buffer + n), offset);
    }, -1);
  },
  plite_store_write__deps: ['$PLITE'],
  plite_store_write: function (file, buffer, n, offset) {
    return PLITE.call(function (s) {
      s.write(file, HEAPU8.subarray(buffer, buffer + n), offset);
      return 0;
    }, -1);
  },
  plite_store_truncate__deps: ['$PLITE'],
  plite_store_truncate: function (file, size) {
    return PLITE.call(function (s) {
      s.truncate(file, size);
      return 0;
    }, -1);
  },
  plite_store_sync__deps: ['$PLITE'],
  plite_store_sync: function (file) {
    return PLITE.call(function (s) {
      s.sync(file);
      return 0;
    }, -1);
  },
  plite_store_size__deps: ['$PLITE'],
  plite_store_size: function (file) {
    return PLITE.call(function (s) {
      return s.size(file);
    }, -1);
  },
  plite_store_delete__deps: ['$PLITE'],
  plite_store_delete: function (name) {
    return PLITE.call(function (s) {
      s.remove(UTF8ToString(name));
      return 0;
    }, -1);
  },
  plite_store_exists__deps: ['$PLITE'],
  plite_store_exists: function (name) {
    return PLITE.call(function (s) {
      return s.exists(UTF8ToString(name)) ? 1 : 0;
    }, 0);
  },
  plite_store_error__deps: ['$PLITE'],
  plite_store_error: function (buffer, n) {
    stringToUTF8(PLITE.lastError, buffer, n);
    return lengthBytesUTF8(PLITE.lastError);
  },
  plite_clock_ms: function () {
    return Date.now();
  },
  plite_random: function (buffer, n) {
    crypto.getRandomValues(HEAPU8.subarray(buffer, buffer + n));
  },
});

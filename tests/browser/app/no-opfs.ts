// What an older browser looks like to the runtime: no OPFS entry point at all.
delete (StorageManager.prototype as { getDirectory?: unknown }).getDirectory;

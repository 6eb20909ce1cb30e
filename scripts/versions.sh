# Pinned inputs of the build and tests, in one place.
# shellcheck disable=SC2034
APT_PACKAGES=(emscripten nlohmann-json3-dev libfast-float-dev cmake ninja-build g++ libgtest-dev chromium firefox-esr clang-format python3-venv clang libclang-rt-14-dev)
SQLITE_NPM_PACKAGE="better-sqlite3@13.2.0" # ships deps/sqlite3/sqlite3.c, SQLite 3.54.1
SQLITE_NPM_SHA256="40487589df3496f2ee0079d22b73c63fccebe7db0e8ee9a2c42421861e321e0b"
POCKETBASE_VERSION="0.40.6"

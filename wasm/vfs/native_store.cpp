// The native stand-in for the JS block store: files in memory, with fault injection for tests.
#include "vfs/native_store.h"

#include <chrono>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "vfs/block_store.h"

namespace {

struct State {
  std::map<std::string, std::vector<unsigned char>> files;
  std::map<int, std::string> handles;
  int next_handle = 1;
  int crash_budget = -1;  // mutating operations left before the simulated crash; <0: none
  long long quota = -1;
  std::string error;
};

State& state() {
  static State s;
  return s;
}

// False once the simulated crash has happened; counts down the budget otherwise.
bool may_mutate() {
  State& s = state();
  if (s.crash_budget < 0) return true;
  if (s.crash_budget == 0) {
    s.error = "simulated crash: storage is frozen";
    return false;
  }
  --s.crash_budget;
  return true;
}

std::vector<unsigned char>* file_of(int handle) {
  State& s = state();
  auto h = s.handles.find(handle);
  if (h == s.handles.end()) return nullptr;
  auto f = s.files.find(h->second);
  return f == s.files.end() ? nullptr : &f->second;
}

long long total_bytes() {
  long long total = 0;
  for (const auto& [name, data] : state().files) total += static_cast<long long>(data.size());
  return total;
}

}  // namespace

namespace pocketlite::native_store {

void reset() { state() = State{}; }
void crash_after(int operations) { state().crash_budget = operations; }
void set_quota(long long bytes) { state().quota = bytes; }
long long file_size(const std::string& name) {
  auto it = state().files.find(name);
  return it == state().files.end() ? -1 : static_cast<long long>(it->second.size());
}

}  // namespace pocketlite::native_store

extern "C" {

int plite_store_open(const char* name, int create) {
  State& s = state();
  if (s.files.count(name) == 0) {
    if (create == 0 || !may_mutate()) return s.error = std::string("no such file: ") + name, -1;
    s.files[name];
  }
  s.handles[s.next_handle] = name;
  return s.next_handle++;
}

int plite_store_close(int file) { return state().handles.erase(file) == 1 ? 0 : -1; }

int plite_store_read(int file, unsigned char* buffer, int n, double offset) {
  auto* data = file_of(file);
  if (data == nullptr) return -1;
  const auto start = static_cast<std::size_t>(offset);
  if (start >= data->size()) return 0;
  const std::size_t count = std::min(static_cast<std::size_t>(n), data->size() - start);
  std::memcpy(buffer, data->data() + start, count);
  return static_cast<int>(count);
}

int plite_store_write(int file, const unsigned char* buffer, int n, double offset) {
  auto* data = file_of(file);
  if (data == nullptr || !may_mutate()) return -1;
  const auto start = static_cast<std::size_t>(offset);
  const std::size_t end = start + static_cast<std::size_t>(n);
  State& s = state();
  if (s.quota >= 0 && end > data->size() && total_bytes() + static_cast<long long>(end - data->size()) > s.quota) {
    s.error = "quota exceeded";
    return -2;
  }
  if (end > data->size()) data->resize(end);
  std::memcpy(data->data() + start, buffer, static_cast<std::size_t>(n));
  return 0;
}

int plite_store_truncate(int file, double size) {
  auto* data = file_of(file);
  if (data == nullptr || !may_mutate()) return -1;
  data->resize(static_cast<std::size_t>(size));
  return 0;
}

int plite_store_sync(int file) { return file_of(file) != nullptr && may_mutate() ? 0 : -1; }

double plite_store_size(int file) {
  auto* data = file_of(file);
  return data == nullptr ? -1 : static_cast<double>(data->size());
}

int plite_store_delete(const char* name) {
  if (!may_mutate()) return -1;
  state().files.erase(name);
  return 0;
}

int plite_store_exists(const char* name) { return state().files.count(name) == 1 ? 1 : 0; }

int plite_store_error(char* buffer, int n) {
  const std::string& e = state().error;
  if (n > 0) {
    std::strncpy(buffer, e.c_str(), static_cast<std::size_t>(n));
    buffer[n - 1] = '\0';
  }
  return static_cast<int>(e.size());
}

double plite_clock_ms() {
  using namespace std::chrono;
  return static_cast<double>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

void plite_random(unsigned char* buffer, int n) {
  static std::mt19937 engine{std::random_device{}()};
  for (int i = 0; i < n; ++i) buffer[i] = static_cast<unsigned char>(engine());
}
}

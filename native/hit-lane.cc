// The native hit lane: a thread of its own answers the plainest hits — an anonymous GET or HEAD of a page
// or a file the edge keeps, fresh — on the connections it is given, and hands a connection back to JavaScript (the
// lane in lib/edge/hit-lane.ts, then node:http) at the first request that is anything else, with every byte
// it has not answered. Why: Node's stream layer costs a hit ~12 µs of user time where nginx spends ~3, so
// no JavaScript server reaches nginx's rate for the same bytes (docs/performance.md, "The native lane").
//
// It answers a strict subset of what lib/edge/hit-lane.ts answers, never more: a complete head in one
// read, `GET`/`HEAD` of a copy kept here (found as below), HTTP/1.1, token header names each once, printable
// values, a Host, no Cookie, Authorization, Next's navigation headers, forwarded address, or anything that
// frames a body or changes the connection; Accept-Encoding without parameters; If-Modified-Since only
// beside an If-None-Match, which then decides alone (RFC 9110 §13.1.3, as the edge weighs them).
// What it keeps is what lib/edge/native-lane.ts hands it from the edge's page and file stores: the
// finished head lines and bodies per encoding, the 304's lines, the ETag and the copy's times. It never
// decides whether a page may be shared; the store did that. It finds a request's copy under the key the
// edge would (lib/edge/files.ts fileMatch, lib/edge/handler.ts answerHit): a file first — an image by its
// address and Accept, an icon or versioned script whatever its hash says, anything else by its address —
// then a page by its address.
#include <node_api.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

constexpr size_t kMaxHead = 16 * 1024;  // node:http's limit on a head: longer ones go to it
constexpr size_t kLogBatch = 4096;  // PIPE_BUF: a write this long never interleaves with another process's
constexpr double kRefreshWaitMs = 5000;  // lib/edge/front.ts REFRESH_WAIT_MS
constexpr uint32_t kVersion = 5;         // NATIVE_LANE_VERSION in lib/edge/native-lane.ts
enum Encoding { kBr = 0, kGzip = 1, kIdentity = 2 };
// The edge's stores it mirrors, in lib/edge/native-lane.ts's order.
enum Store { kPages = 0, kFiles = 1 };
// Which queries reach a file kept under `<path>?` (lib/edge/files.ts keyQueries).
enum Queries : uint32_t { kIconQuery = 1, kVersionQuery = 2 };

// Hits answered since JavaScript last took them (its metrics, and its store's LRU order).
struct Counts {
  uint32_t answered200 = 0, answered304 = 0;
  double seconds = 0;
  bool any() const { return answered200 + answered304 > 0; }
};

// A body is the Buffer the edge's store keeps, not a copy (the store's pages would be held twice): a
// reference keeps it alive until its entry goes, which is always on the JavaScript thread (put, drop),
// where a reference may be deleted.
struct Body {
  std::string_view bytes;
  napi_ref ref = nullptr;
};

struct Entry {
  Entry() = default;
  Entry(const Entry&) = delete;
  Entry& operator=(const Entry&) = delete;
  ~Entry() {
    for (auto& b : body)
      if (b.ref != nullptr) napi_delete_reference(env, b.ref);
  }
  napi_env env = nullptr;
  std::string head[3];  // "HTTP/1.1 200 OK\r\n" and the stored lines, per encoding
  Body body[3];
  std::string head304;
  std::string etag;
  std::string logPath;  // as a JSON string, quotes included
  bool logWhole = false;  // log the request's own path (a file kept whatever its query says)
  uint32_t queries = 0;   // Queries: for a file kept under `<path>?`
  double storedAt = 0;
  double expiresAt = 0;
  double refreshAskedAt = -1e18;  // when a request past its time last went on to fetch its successor
  Counts counts;
};



struct Conn {
  int fd;
  std::string ip;  // as a JSON string
  std::string in;
  // What the system did not take yet: the rest of a head, then the rest of a body, which is the entry's
  // own bytes (held, not copied: a reader that does not read costs no copy of the page).
  std::string out;
  size_t outAt = 0;
  std::shared_ptr<Entry> bodyOf;
  std::string_view body;
  size_t bodyAt = 0;
  bool waiting() const { return outAt < out.size() || bodyAt < body.size(); }
  double lastActive = 0;  // monotonic ms
  bool eof = false;
  bool heard = false;        // the reader has sent something
  uint32_t watching = 0;     // the events epoll waits for on it
};

// What goes back to JavaScript: the connection is its again (handed: with what was not sent and not read),
// or it is over (closed: the reader left, it failed, or it was idle past its time).
struct Event {
  bool handed;
  int fd;
  std::string out;
  std::string in;
  bool heard;
};

double nowMs() {
  timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}
double monoSeconds() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

bool equalsLower(const char* s, size_t n, const char* lower) {
  size_t m = strlen(lower);
  if (n != m) return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = c - 'A' + 'a';
    if (c != lower[i]) return false;
  }
  return true;
}

// The header names a head must not carry here (lowercase), and which lengths they have: most lines are
// skipped by their length alone. From lib/edge/hit-lane.ts, so both lanes read one list.
struct NotHere {
  std::vector<std::string> names;
  uint64_t lengths = 0;
  bool has(const char* name, size_t n) const {
    if (n >= 64 || ((lengths >> n) & 1) == 0) return false;
    for (auto& no : names)
      if (equalsLower(name, n, no.c_str())) return true;
    return false;
  }
};

struct Lane {
  std::mutex mutex;
  int epoll = -1;
  int wake[2] = {-1, -1};
  std::thread thread;
  std::atomic<bool> stopping{false};
  std::unordered_map<std::string, std::shared_ptr<Entry>> entries[2];  // by Store
  // Entries let go of (replaced, dropped, or their last connection done with them), deleted on the
  // JavaScript thread, where their references may be deleted (retire()). Always under the mutex.
  std::vector<Entry*> retired;
  std::unordered_map<int, std::unique_ptr<Conn>> conns;
  // Counts of entries replaced or dropped before JavaScript took them.
  std::unordered_map<std::string, Counts> leftover[2];
  std::string key;    // the path looked up, reused: no allocation per hit
  std::string extra;  // a hit's own header lines, reused
  double now = 0;      // the wall clock (ms) and the monotonic one (s) when the thread last woke
  double started = 0;
  std::vector<std::string> toWrite;  // request lines to write, each batch under PIPE_BUF, outside the mutex
  std::string line;                  // one request line, reused
  napi_threadsafe_function events = nullptr;
  double keepAliveMs = 5000;
  double graceMs = 0;  // how long past its time a copy may still answer while its successor is fetched
  NotHere notHere;
  std::string keepAliveLine;
  int logFd = -1;
  std::string logHead;  // {"level":30,"time":
  std::string logPid;   // ,"pid":N,"msg":"request","id":"
  std::string idPrefix;  // this lane's request ids: this prefix, then a count
  std::string log;
  double logFlushedAt = 0;
  uint64_t counter = 0;
  time_t dateSecond = -1;
  char date[40] = {0};
};

// ---- the request head ---------------------------------------------------------------------------------

bool isToken(unsigned char c) {
  static const char* extra = "!#$%&'*+-.^_`|~";
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c != 0 && strchr(extra, c) != nullptr);
}


struct Head {
  bool head = false;
  const char* path = nullptr;
  size_t pathLength = 0;
  const char* acceptEncoding = nullptr;
  size_t acceptEncodingLength = 0;
  const char* ifNoneMatch = nullptr;
  size_t ifNoneMatchLength = 0;
  const char* accept = nullptr;  // an image's copy is kept per Accept (lib/edge/files.ts)
  size_t acceptLength = 0;
  bool ifModifiedSince = false;
};


// Reads [p, p+n) (the head without its blank line) into `h`; false: not for this lane.
bool readHead(const char* p, size_t n, const NotHere& notHere, Head& h) {
  size_t i;
  if (n > 4 && memcmp(p, "GET /", 5) == 0) {
    i = 4;
  } else if (n > 5 && memcmp(p, "HEAD /", 6) == 0) {
    h.head = true;
    i = 5;
  } else {
    return false;
  }
  const char* lineEnd = static_cast<const char*>(memmem(p + i, n - i, "\r\n", 2));
  if (lineEnd == nullptr) return false;
  size_t end = lineEnd - p;
  if (end < i + 9 || memcmp(p + end - 9, " HTTP/1.1", 9) != 0) return false;
  h.path = p + i;
  h.pathLength = end - 9 - i;
  for (size_t k = 0; k < h.pathLength; k++) {
    unsigned char c = h.path[k];
    if (c < 0x21 || c > 0x7e) return false;
  }
  bool host = false;
  // Names seen, to refuse one given twice (the JavaScript lane hands those to node:http).
  std::pair<const char*, size_t> seen[64];
  size_t seenCount = 0;
  size_t start = end + 2;
  while (start < n) {
    const char* found = static_cast<const char*>(memmem(p + start, n - start, "\r\n", 2));
    size_t lineStop = found == nullptr ? n : found - p;
    size_t colon = start;
    while (colon < lineStop && isToken(p[colon])) colon++;
    if (colon == start || colon >= lineStop || p[colon] != ':') return false;
    size_t from = colon + 1, to = lineStop;
    while (from < to && (p[from] == ' ' || p[from] == '\t')) from++;
    while (to > from && (p[to - 1] == ' ' || p[to - 1] == '\t')) to--;
    for (size_t k = from; k < to; k++) {
      unsigned char c = p[k];
      if ((c < 0x20 && c != 0x09) || c > 0x7e) return false;
    }
    const char* name = p + start;
    size_t nameLength = colon - start;
    for (size_t k = 0; k < seenCount; k++)
      if (seen[k].second == nameLength && strncasecmp(seen[k].first, name, nameLength) == 0) return false;
    if (seenCount == 64) return false;
    seen[seenCount++] = {name, nameLength};
    if (notHere.has(name, nameLength)) return false;
    const char* value = p + from;
    size_t valueLength = to - from;
    if (equalsLower(name, nameLength, "host")) {
      host = true;
    } else if (equalsLower(name, nameLength, "connection")) {
      if (!equalsLower(value, valueLength, "keep-alive")) return false;
    } else if (equalsLower(name, nameLength, "accept-encoding")) {
      // Parameters (q-values) are the JavaScript lane's to weigh.
      if (memchr(value, ';', valueLength) != nullptr) return false;
      h.acceptEncoding = value;
      h.acceptEncodingLength = valueLength;
    } else if (equalsLower(name, nameLength, "if-none-match")) {
      h.ifNoneMatch = value;
      h.ifNoneMatchLength = valueLength;
    } else if (equalsLower(name, nameLength, "accept")) {
      h.accept = value;
      h.acceptLength = valueLength;
    } else if (equalsLower(name, nameLength, "if-modified-since")) {
      h.ifModifiedSince = true;
    }
    start = lineStop + 2;
  }
  return host;
}

std::string trimmed(const char* p, size_t n) {
  size_t a = 0, b = n;
  while (a < b && (p[a] == ' ' || p[a] == '\t')) a++;
  while (b > a && (p[b - 1] == ' ' || p[b - 1] == '\t')) b--;
  return std::string(p + a, b - a);
}

// negotiateEncoding (lib/edge/response-store.ts) for a value without parameters: br, then gzip, then none.
Encoding encodingOf(const Head& h) {
  bool gzip = false;
  const char* p = h.acceptEncoding;
  size_t n = h.acceptEncodingLength, start = 0;
  for (size_t i = 0; p != nullptr && i <= n; i++) {
    if (i < n && p[i] != ',') continue;
    std::string token = trimmed(p + start, i - start);
    for (auto& c : token) c = (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
    if (token == "br") return kBr;
    if (token == "gzip") gzip = true;
    start = i + 1;
  }
  return gzip ? kGzip : kIdentity;
}

// matchesEtag (lib/edge/response-store.ts): `*`, or any listed tag equal to ours, W/ or not.
bool notModified(const Head& h, const std::string& etag) {
  if (h.ifNoneMatch == nullptr || h.ifNoneMatchLength == 0) return false;
  if (trimmed(h.ifNoneMatch, h.ifNoneMatchLength) == "*") return true;
  const char* p = h.ifNoneMatch;
  size_t n = h.ifNoneMatchLength, start = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && p[i] != ',') continue;
    std::string tag = trimmed(p + start, i - start);
    if (tag.compare(0, 2, "W/") == 0) tag.erase(0, 2);
    if (tag == etag) return true;
    start = i + 1;
  }
  return false;
}

// ---- finding the copy ---------------------------------------------------------------------------------

// Every character of `s` a word character (\w), '-', or with `dot` '.', and as many as the rule allows.
bool wordsOnly(std::string_view s, size_t most, bool dot) {
  if (s.empty() || s.size() > most) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' ||
          (dot && c == '.')))
      return false;
  return true;
}

// lib/edge/files.ts fileMatch's queries for a file kept whatever its query says: an icon's hash
// (`?[\w.-]{1,80}=?`), a public file's `?v=[\w-]{1,40}`.
bool queryReaches(uint32_t queries, std::string_view query) {
  std::string_view hash = !query.empty() && query.back() == '=' ? query.substr(0, query.size() - 1) : query;
  if ((queries & kIconQuery) != 0 && wordsOnly(hash, 80, true)) return true;
  return (queries & kVersionQuery) != 0 && query.substr(0, 2) == "v=" && wordsOnly(query.substr(2), 40, false);
}

using Entries = std::unordered_map<std::string, std::shared_ptr<Entry>>;

const std::shared_ptr<Entry>* lookUp(const Entries& entries, const std::string& key) {
  auto found = entries.find(key);
  return found == entries.end() ? nullptr : &found->second;
}

// The copy kept for a request, and its store (`which`), under the key the edge would look it up by
// (lib/edge/handler.ts answerHit): a file first, then a page. Every file key the store holds came from
// fileMatch, so the same path (and Accept) finds the same key here as there: an image under its path and
// Accept, a file kept under `<path>?` for the queries fileMatch leads to it, anything else under its path.
const std::shared_ptr<Entry>* find(Lane& lane, const Head& h, Store& which) {
  std::string_view path(h.path, h.pathLength);
  std::string& key = lane.key;
  const Entries& files = lane.entries[kFiles];
  which = kFiles;
  if (!files.empty()) {
    if (path.substr(0, 13) == "/_next/image?") {
      key.assign(path).push_back('\n');
      if (h.accept != nullptr) key.append(h.accept, h.acceptLength);
      if (auto* found = lookUp(files, key)) return found;
    } else {
      size_t q = path.find('?');
      key.assign(path.substr(0, q == std::string_view::npos ? q : q + 1));
      auto* found = lookUp(files, key);
      if (found != nullptr && (q == std::string_view::npos || queryReaches((*found)->queries, path.substr(q + 1))))
        return found;
    }
  }
  which = kPages;
  key.assign(path);
  return lookUp(lane.entries[kPages], key);
}

// A path (printable ASCII, checked by readHead) as a JSON string.
void appendJsonPath(std::string& out, const char* p, size_t n) {
  out.push_back('"');
  for (size_t i = 0; i < n; i++) {
    if (p[i] == '"' || p[i] == '\\') out.push_back('\\');
    out.push_back(p[i]);
  }
  out.push_back('"');
}

// ---- answering ----------------------------------------------------------------------------------------

const char* httpDate(Lane& lane) {
  time_t now = time(nullptr);
  if (now != lane.dateSecond) {
    lane.dateSecond = now;
    tm t;
    gmtime_r(&now, &t);
    strftime(lane.date, sizeof lane.date, "%a, %d %b %Y %H:%M:%S GMT", &t);
  }
  return lane.date;
}

// The lines gathered so far go to be written (outside the mutex: a stalled log reader must not stop the
// lane, nor JavaScript's calls into it).
void takeLog(Lane& lane) {
  if (lane.log.empty()) return;
  lane.toWrite.push_back(std::move(lane.log));
  lane.log.clear();
  lane.logFlushedAt = lane.now;
}

void writeLog(int fd, const std::vector<std::string>& batches) {
  for (auto& text : batches) {
    size_t at = 0;
    while (at < text.size()) {
      ssize_t w = write(fd, text.data() + at, text.size() - at);
      if (w > 0) {
        at += w;
      } else if (w < 0 && errno == EAGAIN) {
        pollfd p{fd, POLLOUT, 0};
        poll(&p, 1, 1000);
      } else if (!(w < 0 && errno == EINTR)) {
        break;
      }
    }
  }
}

// Decimal digits of n appended to `out` (printf's machinery was 7 % of a hit).
void appendNumber(std::string& out, uint64_t n) {
  char b[24];
  int i = sizeof b;
  do {
    b[--i] = '0' + n % 10;
    n /= 10;
  } while (n > 0);
  out.append(b + i, sizeof b - i);
}

std::string base36(uint64_t n) {
  char b[16];
  int i = sizeof b;
  do {
    int d = n % 36;
    b[--i] = d < 10 ? '0' + d : 'a' + d - 10;
    n /= 36;
  } while (n > 0);
  return std::string(b + i, sizeof b - i);
}

// Writes what can go now; false when the connection failed.
bool sendOut(Conn& c) {
  while (c.waiting()) {
    iovec iov[2] = {{const_cast<char*>(c.out.data()) + c.outAt, c.out.size() - c.outAt},
                    {const_cast<char*>(c.body.data()) + c.bodyAt, c.body.size() - c.bodyAt}};
    msghdr message{};
    message.msg_iov = iov;
    message.msg_iovlen = 2;
    ssize_t w = sendmsg(c.fd, &message, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    size_t took = w;
    size_t fromOut = std::min(took, c.out.size() - c.outAt);
    c.outAt += fromOut;
    c.bodyAt += took - fromOut;
  }
  c.out.clear();
  c.outAt = 0;
  c.body = std::string_view();
  c.bodyAt = 0;
  c.bodyOf.reset();
  return true;
}

// Answers one head if it is a fresh kept page or file; false leaves it (and what follows) to JavaScript.
bool answer(Lane& lane, Conn& c, const char* p, size_t n) {
  Head h;
  if (!readHead(p, n, lane.notHere, h)) return false;
  // A date alone is weighed against the copy's Last-Modified (lib/edge/response-store.ts isNotModified):
  // the JavaScript lane's to parse. Beside an If-None-Match (even an empty one), the tag decides alone.
  if (h.ifModifiedSince && h.ifNoneMatch == nullptr) return false;
  Store which;
  const std::shared_ptr<Entry>* found = find(lane, h, which);
  if (found == nullptr) return false;
  Entry& e = **found;
  double now = lane.now;
  // A file past its time is fetched again before it answers (lib/edge/handler.ts answerFile).
  if (now >= e.expiresAt && which == kFiles) return false;
  if (now >= e.expiresAt) {
    // Past its time, one request goes on (to the JavaScript lane, then Next, which renders the successor)
    // and the others get this copy meanwhile, within the edge's grace, as a front process does
    // (lib/edge/front.ts); if no successor has come after kRefreshWaitMs, another request goes.
    bool awaited = now - e.refreshAskedAt < kRefreshWaitMs && now < e.expiresAt + lane.graceMs;
    if (!awaited) {
      // Only a page's GET fetches a successor there (a HEAD is not kept; a search only at its second
      // asking). JavaScript says when a fetch ended without one (settle), and the next request goes on.
      if (!h.head && memchr(h.path, '?', h.pathLength) == nullptr) e.refreshAskedAt = now;
      return false;
    }
  }
  const std::string id = base36(++lane.counter);
  std::string& extra = lane.extra;
  extra.assign("Age: ");
  appendNumber(extra, now > e.storedAt ? static_cast<uint64_t>((now - e.storedAt) / 1000) : 0);
  extra.append("\r\nX-Request-Id: ").append(lane.idPrefix).append(id).append("\r\nDate: ").append(httpDate(lane));
  extra.append("\r\nConnection: keep-alive\r\n").append(lane.keepAliveLine).append("\r\n\r\n");
  size_t extraLength = extra.size();
  bool is304 = notModified(h, e.etag);
  Encoding encoding = is304 ? kIdentity : encodingOf(h);
  const std::string& head = is304 ? e.head304 : e.head[encoding];
  std::string_view body = is304 || h.head ? std::string_view() : e.body[encoding].bytes;
  iovec iov[3] = {{const_cast<char*>(head.data()), head.size()},
                  {const_cast<char*>(extra.data()), extraLength},
                  {const_cast<char*>(body.data()), body.size()}};
  msghdr message{};
  message.msg_iov = iov;
  message.msg_iovlen = 3;
  ssize_t w;
  do w = sendmsg(c.fd, &message, MSG_NOSIGNAL);
  while (w < 0 && errno == EINTR);
  if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
    c.eof = true;  // failed: closed by the caller
  } else {
    // What the system did not take waits for the reader: the head's rest copied, the body held.
    size_t took = w < 0 ? 0 : w;
    size_t headLength = head.size() + extraLength;
    if (took < headLength) {
      c.out.assign(head).append(extra).erase(0, took);
      c.body = body;
      c.bodyAt = 0;
    } else if (took < headLength + body.size()) {
      c.body = body;
      c.bodyAt = took - headLength;
    }
    if (c.bodyAt < c.body.size()) c.bodyOf = *found;
  }
  double seconds = monoSeconds() - lane.started;
  Counts& counted = e.counts;
  if (is304) counted.answered304++;
  else counted.answered200++;
  counted.seconds += seconds;
  if (lane.logFd >= 0) {
    std::string& log = lane.line;
    log.assign(lane.logHead);
    appendNumber(log, static_cast<uint64_t>(now));
    log.append(lane.logPid).append(lane.idPrefix).append(id).append("\",\"method\":\"");
    log.append(h.head ? "HEAD" : "GET").append("\",\"path\":");
    if (e.logWhole) appendJsonPath(log, h.path, h.pathLength);
    else log.append(e.logPath);
    log.append(",\"status\":").append(is304 ? "304" : "200").append(",\"ms\":");
    // As request-log.ts rounds it: to the hundredth of a millisecond, without trailing zeros.
    uint64_t hundredths = static_cast<uint64_t>(seconds * 100000 + 0.5);
    appendNumber(log, hundredths / 100);
    if (hundredths % 100 != 0) {
      log.push_back('.');
      log.push_back('0' + (hundredths % 100) / 10);
      if (hundredths % 10 != 0) log.push_back('0' + hundredths % 10);
    }
    log.append(",\"edge\":\"hit\",\"ip\":").append(c.ip).append("}\n");
    // Whole lines, a write under PIPE_BUF each: another process's lines on the same pipe never split one.
    if (lane.log.size() + log.size() > kLogBatch) takeLog(lane);
    lane.log.append(log);
  }
  return true;
}

void handBack(Lane& lane, int fd, bool handed, std::vector<Event>& out) {
  auto found = lane.conns.find(fd);
  if (found == lane.conns.end()) return;
  Conn& c = *found->second;
  epoll_ctl(lane.epoll, EPOLL_CTL_DEL, fd, nullptr);
  std::string unsent;
  if (handed) unsent.assign(c.out, c.outAt).append(c.body.substr(std::min(c.bodyAt, c.body.size())));
  Event e{handed, fd, std::move(unsent), handed ? c.in : std::string(), c.heard};
  lane.conns.erase(found);
  out.push_back(std::move(e));
}

void watch(Lane& lane, Conn& c) {
  uint32_t wanted = c.waiting() ? EPOLLOUT : EPOLLIN | EPOLLRDHUP;
  if (wanted == c.watching) return;
  c.watching = wanted;
  epoll_event ev{};
  ev.events = wanted;
  ev.data.fd = c.fd;
  epoll_ctl(lane.epoll, EPOLL_CTL_MOD, c.fd, &ev);
}

// Answers what has come on `c`; what it cannot answer goes back.
void serve(Lane& lane, Conn& c, std::vector<Event>& events) {
  size_t at = 0;
  while (!c.waiting() && at < c.in.size()) {
    const char* p = c.in.data() + at;
    size_t n = c.in.size() - at;
    const char* end = static_cast<const char*>(memmem(p, n, "\r\n\r\n", 4));
    if (end == nullptr || static_cast<size_t>(end - p) > kMaxHead || !answer(lane, c, p, end - p)) {
      c.in.erase(0, at);
      return handBack(lane, c.fd, true, events);
    }
    at += end - p + 4;
    if (c.eof) break;
  }
  c.in.erase(0, at);
  if (c.eof && !c.waiting()) return handBack(lane, c.fd, false, events);
  watch(lane, c);
}

void onReady(Lane& lane, int fd, uint32_t ready, std::vector<Event>& events) {
  auto found = lane.conns.find(fd);
  if (found == lane.conns.end()) return;
  Conn& c = *found->second;
  c.lastActive = lane.started * 1000;
  if (c.waiting()) {
    if (!sendOut(c)) return handBack(lane, fd, false, events);
    if (c.waiting()) return;
  }
  if (ready & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) {
    char buffer[16384];
    for (;;) {
      ssize_t r = read(fd, buffer, sizeof buffer);
      if (r > 0) {
        c.heard = true;
        c.in.append(buffer, r);
        if (c.in.size() > kMaxHead + 4 || static_cast<size_t>(r) < sizeof buffer) break;
      } else if (r == 0) {
        c.eof = true;
        break;
      } else if (errno == EINTR) {
        continue;
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        break;
      } else {
        return handBack(lane, fd, false, events);
      }
    }
    // The reader ended its side with nothing left to answer: over. Requests sent before it ended go to
    // JavaScript, which answers or drops them by node:http's rules.
    if (c.eof && c.in.empty()) return handBack(lane, fd, false, events);
    if (c.eof) return handBack(lane, fd, true, events);
  }
  serve(lane, c, events);
}

void deliver(Lane& lane, std::vector<Event>& events) {
  for (auto& e : events) {
    auto event = new Event(std::move(e));
    // Refused only once JavaScript is going away: nobody is left to take the connection.
    if (napi_call_threadsafe_function(lane.events, event, napi_tsfn_nonblocking) != napi_ok) delete event;
  }
  events.clear();
}

void run(Lane* lane) {
  epoll_event ready[256];
  std::vector<Event> events;
  double sweptAt = monoSeconds() * 1000;
  std::vector<std::string> toWrite;
  while (!lane->stopping.load()) {
    int n = epoll_wait(lane->epoll, ready, 256, 1000);
    std::unique_lock<std::mutex> hold(lane->mutex);
    // One reading of each clock for what woke the thread (two per hit were 3.5 % of its time).
    lane->now = nowMs();
    lane->started = monoSeconds();
    for (int i = 0; i < n; i++) {
      if (ready[i].data.fd == lane->wake[0]) {
        char drain[64];
        while (read(lane->wake[0], drain, sizeof drain) > 0) {
        }
        continue;
      }
      onReady(*lane, ready[i].data.fd, ready[i].events, events);
    }
    double now = lane->started * 1000;
    if (now - sweptAt >= 1000) {
      sweptAt = now;
      // node:http waits a second past the time it announces before it closes a kept connection.
      std::vector<int> idle;
      for (auto& [fd, c] : lane->conns)
        if (now - c->lastActive > lane->keepAliveMs + 1000) idle.push_back(fd);
      for (int fd : idle) handBack(*lane, fd, false, events);
    }
    if (lane->logFd >= 0 && !lane->log.empty() && lane->now - lane->logFlushedAt >= 1000) takeLog(*lane);
    deliver(*lane, events);
    toWrite.swap(lane->toWrite);
    hold.unlock();
    writeLog(lane->logFd, toWrite);
    toWrite.clear();
  }
}

// What the thread let go of is deleted here, on the JavaScript thread (with the mutex held).
void retire(Lane& lane) {
  for (Entry* entry : lane.retired) delete entry;
  lane.retired.clear();
}

// The thread ends (a stop, or the environment going away); the lane is not used again.
void endThread(Lane* lane) {
  if (lane->stopping.exchange(true)) return;
  char one = 1;
  (void)!write(lane->wake[1], &one, 1);
  lane->thread.join();
}

void cleanUp(void* data) {
  endThread(static_cast<Lane*>(data));
}

// ---- JavaScript ---------------------------------------------------------------------------------------

#define CHECK(call)                                                          \
  do {                                                                       \
    if ((call) != napi_ok) {                                                 \
      napi_throw_error(env, nullptr, "native hit lane: " #call " failed");  \
      return nullptr;                                                        \
    }                                                                        \
  } while (0)

// The call's first `N` arguments; false (an exception pending) when they cannot be read.
template <size_t N>
bool argsOf(napi_env env, napi_callback_info info, napi_value (&args)[N]) {
  size_t argc = N;
  if (napi_get_cb_info(env, info, &argc, args, nullptr, nullptr) == napi_ok) return true;
  napi_throw_error(env, nullptr, "native hit lane: no arguments");
  return false;
}

Lane* laneOf(napi_env env, napi_value value) {
  void* data = nullptr;
  napi_get_value_external(env, value, &data);
  return static_cast<Lane*>(data);
}

std::string stringOf(napi_env env, napi_value value) {
  size_t n = 0;
  napi_get_value_string_utf8(env, value, nullptr, 0, &n);
  std::string s(n, '\0');
  napi_get_value_string_utf8(env, value, s.data(), n + 1, &n);
  return s;
}

std::string bytesOf(napi_env env, napi_value value) {
  void* data = nullptr;
  size_t n = 0;
  napi_get_buffer_info(env, value, &data, &n);
  return std::string(static_cast<char*>(data), n);
}

napi_value property(napi_env env, napi_value object, const char* name) {
  napi_value v;
  napi_get_named_property(env, object, name, &v);
  return v;
}

double numberOf(napi_env env, napi_value value) {
  double d = 0;
  napi_get_value_double(env, value, &d);
  return d;
}

napi_value bufferOf(napi_env env, const std::string& s) {
  napi_value b;
  void* data;
  napi_create_buffer_copy(env, s.size(), s.data(), &data, &b);
  return b;
}

// (handed, fd, unsent, unread, heard) to the JavaScript callback, on the main thread.
void callJs(napi_env env, napi_value callback, void*, void* data) {
  std::unique_ptr<Event> e(static_cast<Event*>(data));
  if (env == nullptr) return;
  napi_value args[5], undefined;
  napi_get_boolean(env, e->handed, &args[0]);
  napi_create_int32(env, e->fd, &args[1]);
  args[2] = bufferOf(env, e->out);
  args[3] = bufferOf(env, e->in);
  napi_get_boolean(env, e->heard, &args[4]);
  napi_get_undefined(env, &undefined);
  napi_call_function(env, undefined, callback, 5, args, nullptr);
}

// start({ keepAliveMs, graceMs, notHere, logFd, pid, idPrefix, onEvent }) -> lane
napi_value Start(napi_env env, napi_callback_info info) {
  napi_value options[1];
  if (!argsOf(env, info, options)) return nullptr;
  auto lane = new Lane();
  lane->keepAliveMs = numberOf(env, property(env, options[0], "keepAliveMs"));
  lane->graceMs = numberOf(env, property(env, options[0], "graceMs"));
  napi_value names = property(env, options[0], "notHere");
  uint32_t count = 0;
  napi_get_array_length(env, names, &count);
  for (uint32_t i = 0; i < count; i++) {
    napi_value name;
    napi_get_element(env, names, i, &name);
    std::string lower = stringOf(env, name);
    if (lower.size() < 64) lane->notHere.lengths |= uint64_t{1} << lower.size();
    lane->notHere.names.push_back(std::move(lower));
  }
  lane->keepAliveLine = "Keep-Alive: timeout=" + std::to_string(static_cast<long>(lane->keepAliveMs / 1000));
  lane->logFd = static_cast<int>(numberOf(env, property(env, options[0], "logFd")));
  lane->logHead = "{\"level\":30,\"time\":";
  lane->logPid = ",\"pid\":" + std::to_string(static_cast<long>(numberOf(env, property(env, options[0], "pid")))) +
                 ",\"msg\":\"request\",\"id\":\"";
  lane->idPrefix = stringOf(env, property(env, options[0], "idPrefix"));
  napi_value name;
  napi_create_string_utf8(env, "native hit lane", NAPI_AUTO_LENGTH, &name);
  CHECK(napi_create_threadsafe_function(env, property(env, options[0], "onEvent"), nullptr, name, 0, 1, nullptr,
                                        nullptr, nullptr, callJs, &lane->events));
  // The thread alone must not keep the process alive.
  napi_unref_threadsafe_function(env, lane->events);
  lane->epoll = epoll_create1(EPOLL_CLOEXEC);
  if (lane->epoll < 0 || pipe2(lane->wake, O_NONBLOCK | O_CLOEXEC) != 0) {
    napi_throw_error(env, nullptr, "native hit lane: no epoll");
    return nullptr;
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = lane->wake[0];
  epoll_ctl(lane->epoll, EPOLL_CTL_ADD, lane->wake[0], &ev);
  lane->logFlushedAt = nowMs();
  lane->thread = std::thread(run, lane);
  // A process that ends without stop(): the thread ends before the environment it calls into.
  napi_add_env_cleanup_hook(env, cleanUp, lane);
  napi_value external;
  CHECK(napi_create_external(env, lane, nullptr, nullptr, &external));
  return external;
}

// The hits of the entry under `key`, about to go, are kept for takeHits.
void keepCounts(Lane& lane, Store which, const std::string& key) {
  auto found = lane.entries[which].find(key);
  if (found == lane.entries[which].end() || !found->second->counts.any()) return;
  Counts& kept = lane.leftover[which][key];
  kept.answered200 += found->second->counts.answered200;
  kept.answered304 += found->second->counts.answered304;
  kept.seconds += found->second->counts.seconds;
}

// The store a call names (its second argument).
Store storeOf(napi_env env, napi_value value) {
  return numberOf(env, value) == kFiles ? kFiles : kPages;
}

// put(lane, store, key, { heads: [br, gzip, identity], bodies: [...], head304, etag, storedAt, expiresAt,
//   logPath, logWhole, queries })
napi_value Put(napi_env env, napi_callback_info info) {
  napi_value args[4];
  if (!argsOf(env, info, args)) return nullptr;
  Lane* lane = laneOf(env, args[0]);
  Store which = storeOf(env, args[1]);
  // Its last holder may be a connection on the lane's thread: then it waits in `retired`.
  std::shared_ptr<Entry> entry(new Entry(), [lane](Entry* e) { lane->retired.push_back(e); });
  entry->env = env;
  napi_value heads = property(env, args[3], "heads"), bodies = property(env, args[3], "bodies");
  for (uint32_t i = 0; i < 3; i++) {
    napi_value v;
    napi_get_element(env, heads, i, &v);
    entry->head[i] = bytesOf(env, v);
    napi_get_element(env, bodies, i, &v);
    void* data = nullptr;
    size_t length = 0;
    if (napi_get_buffer_info(env, v, &data, &length) != napi_ok) {
      napi_throw_type_error(env, nullptr, "native hit lane: a body is not a Buffer");
      return nullptr;
    }
    entry->body[i].bytes = std::string_view(static_cast<char*>(data), length);
    napi_create_reference(env, v, 1, &entry->body[i].ref);
  }
  entry->head304 = bytesOf(env, property(env, args[3], "head304"));
  entry->etag = stringOf(env, property(env, args[3], "etag"));
  entry->logPath = stringOf(env, property(env, args[3], "logPath"));
  napi_get_value_bool(env, property(env, args[3], "logWhole"), &entry->logWhole);
  entry->queries = static_cast<uint32_t>(numberOf(env, property(env, args[3], "queries")));
  entry->storedAt = numberOf(env, property(env, args[3], "storedAt"));
  entry->expiresAt = numberOf(env, property(env, args[3], "expiresAt"));
  std::string key = stringOf(env, args[2]);
  std::lock_guard<std::mutex> hold(lane->mutex);
  keepCounts(*lane, which, key);
  lane->entries[which][key] = std::move(entry);
  retire(*lane);
  return nullptr;
}

// Runs `apply` on the lane, the store and the key of a (lane, store, key) call, with the mutex held.
template <typename Apply>
napi_value withKey(napi_env env, napi_callback_info info, Apply apply) {
  napi_value args[3];
  if (!argsOf(env, info, args)) return nullptr;
  Lane* lane = laneOf(env, args[0]);
  Store which = storeOf(env, args[1]);
  std::string key = stringOf(env, args[2]);
  std::lock_guard<std::mutex> hold(lane->mutex);
  apply(*lane, which, key);
  return nullptr;
}

// drop(lane, store, key)
napi_value Drop(napi_env env, napi_callback_info info) {
  return withKey(env, info, [](Lane& lane, Store which, const std::string& key) {
    keepCounts(lane, which, key);
    lane.entries[which].erase(key);
    retire(lane);
  });
}

// adopt(lane, fd, ip as JSON) -> true: the lane reads the connection from now on
napi_value Adopt(napi_env env, napi_callback_info info) {
  napi_value args[3];
  if (!argsOf(env, info, args)) return nullptr;
  Lane* lane = laneOf(env, args[0]);
  int fd = static_cast<int>(numberOf(env, args[1]));
  auto c = std::make_unique<Conn>();
  c->fd = fd;
  c->watching = EPOLLIN | EPOLLRDHUP;
  c->ip = stringOf(env, args[2]);
  c->lastActive = monoSeconds() * 1000;
  std::lock_guard<std::mutex> hold(lane->mutex);
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP;
  ev.data.fd = fd;
  napi_value result;
  bool ok = fd >= 0 && lane->conns.count(fd) == 0 && epoll_ctl(lane->epoll, EPOLL_CTL_ADD, fd, &ev) == 0;
  if (ok) lane->conns[fd] = std::move(c);
  napi_get_boolean(env, ok, &result);
  return result;
}

// releaseAll(lane) -> [[fd, unsent, unread, heard], …]: every connection the lane holds is JavaScript's again.
napi_value ReleaseAll(napi_env env, napi_callback_info info) {
  napi_value arg[1];
  if (!argsOf(env, info, arg)) return nullptr;
  Lane* lane = laneOf(env, arg[0]);
  std::vector<Event> events;
  {
    std::lock_guard<std::mutex> hold(lane->mutex);
    std::vector<int> fds;
    for (auto& [fd, c] : lane->conns) fds.push_back(fd);
    for (int fd : fds) handBack(*lane, fd, true, events);
  }
  napi_value list;
  napi_create_array_with_length(env, events.size(), &list);
  for (uint32_t i = 0; i < events.size(); i++) {
    napi_value item, fd, heard;
    napi_create_array_with_length(env, 4, &item);
    napi_create_int32(env, events[i].fd, &fd);
    napi_set_element(env, item, 0, fd);
    napi_set_element(env, item, 1, bufferOf(env, events[i].out));
    napi_set_element(env, item, 2, bufferOf(env, events[i].in));
    napi_get_boolean(env, events[i].heard, &heard);
    napi_set_element(env, item, 3, heard);
    napi_set_element(env, list, i, item);
  }
  return list;
}

// takeHits(lane) -> [[store, key, answered 200, answered 304, seconds], …] since the last call
napi_value TakeHits(napi_env env, napi_callback_info info) {
  napi_value arg[1];
  if (!argsOf(env, info, arg)) return nullptr;
  Lane* lane = laneOf(env, arg[0]);
  std::lock_guard<std::mutex> hold(lane->mutex);
  for (Store which : {kPages, kFiles}) {
    for (auto& [key, entry] : lane->entries[which]) {
      if (!entry->counts.any()) continue;
      Counts& kept = lane->leftover[which][key];
      kept.answered200 += entry->counts.answered200;
      kept.answered304 += entry->counts.answered304;
      kept.seconds += entry->counts.seconds;
      entry->counts = Counts();
    }
  }
  napi_value list;
  napi_create_array_with_length(env, lane->leftover[kPages].size() + lane->leftover[kFiles].size(), &list);
  uint32_t i = 0;
  for (Store which : {kPages, kFiles}) {
    for (auto& [key, counted] : lane->leftover[which]) {
      napi_value item, v;
      napi_create_array_with_length(env, 5, &item);
      napi_create_uint32(env, which, &v);
      napi_set_element(env, item, 0, v);
      napi_create_string_utf8(env, key.data(), key.size(), &v);
      napi_set_element(env, item, 1, v);
      napi_create_uint32(env, counted.answered200, &v);
      napi_set_element(env, item, 2, v);
      napi_create_uint32(env, counted.answered304, &v);
      napi_set_element(env, item, 3, v);
      napi_create_double(env, counted.seconds, &v);
      napi_set_element(env, item, 4, v);
      napi_set_element(env, list, i++, item);
    }
    lane->leftover[which].clear();
  }
  retire(*lane);
  return list;
}

// settle(lane, store, key): the fetch of a successor a request past the copy's time went on for has ended
// without one (not kept): the next such request goes on too, as the JavaScript lane's would.
napi_value Settle(napi_env env, napi_callback_info info) {
  return withKey(env, info, [](Lane& lane, Store which, const std::string& key) {
    auto found = lane.entries[which].find(key);
    if (found != lane.entries[which].end()) found->second->refreshAskedAt = -1e18;
  });
}

// The request lines gathered so far, written now (a stopping lane).
napi_value FlushLog(napi_env env, napi_callback_info info) {
  napi_value arg[1];
  if (!argsOf(env, info, arg)) return nullptr;
  Lane* lane = laneOf(env, arg[0]);
  std::vector<std::string> toWrite;
  {
    std::lock_guard<std::mutex> hold(lane->mutex);
    lane->now = nowMs();
    takeLog(*lane);
    toWrite.swap(lane->toWrite);
  }
  if (lane->logFd >= 0) writeLog(lane->logFd, toWrite);
  return nullptr;
}

// stop(lane): the thread ends; call releaseAll first. The lane is not used again.
napi_value Stop(napi_env env, napi_callback_info info) {
  napi_value arg[1];
  if (!argsOf(env, info, arg)) return nullptr;
  Lane* lane = laneOf(env, arg[0]);
  if (lane->stopping.load()) return nullptr;
  napi_remove_env_cleanup_hook(env, cleanUp, lane);
  endThread(lane);
  FlushLog(env, info);
  napi_release_threadsafe_function(lane->events, napi_tsfn_release);
  close(lane->epoll);
  close(lane->wake[0]);
  close(lane->wake[1]);
  return nullptr;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor all[] = {
      {"start", nullptr, Start, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"put", nullptr, Put, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"drop", nullptr, Drop, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adopt", nullptr, Adopt, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"releaseAll", nullptr, ReleaseAll, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"takeHits", nullptr, TakeHits, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"stop", nullptr, Stop, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"settle", nullptr, Settle, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof all / sizeof all[0], all);
  // What lib/edge/native-lane.ts checks: a module built from an older source is not used.
  napi_value version;
  napi_create_uint32(env, kVersion, &version);
  napi_set_named_property(env, exports, "version", version);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)

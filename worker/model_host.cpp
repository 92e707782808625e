#include "worker/model_host.hpp"

#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <unistd.h>

#include "json/fields.hpp"

namespace ledger::worker {

namespace {

std::string millis(std::chrono::milliseconds d) {
  return std::to_string(d.count()) + " ms";
}

/// A host's message, kept to one bounded line for the ledger's record.
std::string bounded(std::string text, std::size_t limit = 500) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  if (text.size() > limit)
    text = text.substr(0, limit) + "...";
  return text;
}

/// Milliseconds until `deadline` for poll(), rounded up, at least 0.
int poll_timeout(std::chrono::steady_clock::time_point deadline) {
  auto left = deadline - std::chrono::steady_clock::now();
  if (left <= left.zero())
    return 0;
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return static_cast<int>(std::min<long long>(ms, 1'000'000));
}

} // namespace

std::optional<std::string> message_of(const host_reply& reply) {
  json::field_reader f{reply.doc, reply.doc.root()};
  auto text = f.optional_message("message");
  return f.failed() ? std::nullopt : text;
}

std::string_view to_string(host_error_code code) {
  switch (code) {
  case host_error_code::timeout:
    return "timeout";
  case host_error_code::model_error:
    return "model_error";
  case host_error_code::bad_output:
    return "bad_output";
  }
  return "model_error";
}

model_host::model_host(std::filesystem::path algo, host_options options)
  : algo_(std::move(algo)), options_(std::move(options)) {}

model_host::~model_host() {
  // Idle hosts exit on end of input; one stuck in a model is killed.
  if (child_)
    child_->stop(options_.shutdown_grace);
}

pid_t model_host::pid() const {
  return child_ ? child_->pid() : -1;
}

std::variant<host_reply, host_error>
model_host::call(const request_members& members,
                 std::chrono::milliseconds budget) {
  auto deadline = clock::now() + budget;
  if (!child_) {
    if (auto failed = ensure_started())
      return *std::move(failed);
    // The start is not the model's fault: keep the host for the next tick.
    if (clock::now() >= deadline)
      return host_error{host_error_code::timeout,
                        "the model host took longer than the budget of " +
                          millis(budget) + " to start"};
  }
  auto result = exchange(members, deadline, false);
  if (auto* e = std::get_if<host_error>(&result);
      e && e->code == host_error_code::timeout)
    e->message = "no reply from the model within " + millis(budget) +
                 "; its host was killed";
  return result;
}

std::variant<host_reply, host_error>
model_host::ping(std::chrono::milliseconds budget) {
  return call(
    [](json::writer& w) {
      w.Key("op");
      w.String("ping");
    },
    budget);
}

std::optional<host_error> model_host::drop(std::string_view ledger,
                                           std::chrono::milliseconds budget) {
  if (!child_)
    return std::nullopt; // a fresh host starts every model afresh anyway
  auto result = exchange(
    [ledger](json::writer& w) {
      w.Key("op");
      w.String("drop");
      json::write_member(w, "ledger", ledger);
    },
    clock::now() + budget, false);
  if (auto* e = std::get_if<host_error>(&result))
    return *std::move(e);
  auto& reply = std::get<host_reply>(result);
  if (!reply.ok)
    return host_error{host_error_code::model_error,
                      "the model host refused to drop " + std::string{ledger} +
                        ": " + message_of(reply).value_or("no message")};
  return std::nullopt;
}

std::optional<host_error> model_host::ensure_started() {
  auto now = clock::now();
  while (!recent_starts_.empty() &&
         now - recent_starts_.front() >= options_.restart_window)
    recent_starts_.pop_front();
  if (static_cast<int>(recent_starts_.size()) >= options_.max_starts) {
    auto wait = std::chrono::ceil<std::chrono::seconds>(
      recent_starts_.front() + options_.restart_window - now);
    return host_error{
      host_error_code::model_error,
      "the model host keeps crashing: started " +
        std::to_string(recent_starts_.size()) + " times in the last " +
        std::to_string(options_.restart_window.count()) +
        " s; next attempt in " + std::to_string(wait.count()) + " s"};
  }
  recent_starts_.push_back(now);
  ++starts_;

  spawn_spec spec;
  spec.argv = options_.command;
  spec.argv.push_back(algo_.string());
  spec.environment = options_.environment;
  if (!options_.python_path.empty()) {
    auto path = options_.python_path.string();
    if (const char* old = std::getenv("PYTHONPATH"); old && *old)
      path += std::string{":"} + old;
    spec.environment.emplace_back("PYTHONPATH", std::move(path));
  }
  spec.memory_limit = options_.memory_limit;
  spec.die_with_parent = options_.die_with_parent;
  auto spawned = child_process::spawn(spec);
  if (auto* why = std::get_if<std::string>(&spawned))
    return host_error{host_error_code::model_error,
                      "cannot start the model host: " + *why};
  child_.emplace(std::get<child_process>(std::move(spawned)));
  buffer_.clear();

  // The ping's reply proves the algorithm loaded; a load failure arrives
  // instead of it (id 0) and is reported by exchange.
  auto pinged = exchange(
    [](json::writer& w) {
      w.Key("op");
      w.String("ping");
    },
    now + options_.startup_timeout, true);
  if (auto* e = std::get_if<host_error>(&pinged))
    return *std::move(e);
  if (!std::get<host_reply>(pinged).ok)
    return kill(host_error_code::model_error,
                "the model host refused a ping: " +
                  bounded(std::get<host_reply>(pinged).line));
  return std::nullopt;
}

std::variant<host_reply, host_error>
model_host::exchange(const request_members& members, clock::time_point deadline,
                     bool starting) {
  auto id = next_id_++;
  rapidjson::StringBuffer text;
  json::writer w{text};
  w.StartObject();
  w.Key("v");
  w.Int(1);
  w.Key("id");
  w.Int64(id);
  members(w);
  w.EndObject();
  std::string request{text.GetString(), text.GetSize()};
  request += '\n';

  std::size_t written = 0;
  std::size_t scanned = 0; // buffer_ bytes known to hold no newline
  bool eof = false;
  for (;;) {
    auto newline = buffer_.find('\n', scanned);
    if (newline != std::string::npos && newline <= options_.max_reply_bytes) {
      std::string line = buffer_.substr(0, newline);
      buffer_.erase(0, newline + 1);
      return check_reply(std::move(line), id);
    }
    scanned = buffer_.size();
    if (buffer_.size() > options_.max_reply_bytes)
      return kill(host_error_code::bad_output,
                  "the model host's reply exceeds " +
                    std::to_string(options_.max_reply_bytes) + " bytes");
    if (eof)
      return died(starting ? "while starting" : "before replying");
    if (clock::now() >= deadline)
      return kill(starting ? host_error_code::model_error
                           : host_error_code::timeout,
                  starting ? "the model host did not answer within " +
                               millis(options_.startup_timeout) + " of starting"
                           : "no reply from the model before the deadline");

    bool writing = written < request.size() && child_->stdin_fd() >= 0;
    pollfd fds[2] = {{child_->stdout_fd(), POLLIN, 0},
                     {child_->stdin_fd(), POLLOUT, 0}};
    int ready = ::poll(fds, writing ? 2 : 1, poll_timeout(deadline));
    if (ready < 0 && errno != EINTR)
      return kill(host_error_code::model_error,
                  std::string{"cannot wait for the model host: "} +
                    std::strerror(errno));
    if (ready <= 0)
      continue;
    if (writing && fds[1].revents != 0) {
      auto n = ::write(child_->stdin_fd(), request.data() + written,
                       request.size() - written);
      if (n > 0)
        written += static_cast<std::size_t>(n);
      else if (n < 0 && errno != EAGAIN && errno != EINTR)
        child_->close_stdin(); // EPIPE: it exited; its output tells why
    }
    if (fds[0].revents != 0) {
      char chunk[65536];
      auto n = ::read(child_->stdout_fd(), chunk, sizeof chunk);
      if (n > 0)
        buffer_.append(chunk, static_cast<std::size_t>(n));
      else if (n == 0 || (errno != EAGAIN && errno != EINTR))
        eof = true;
    }
  }
}

std::variant<host_reply, host_error> model_host::check_reply(std::string line,
                                                             std::int64_t id) {
  host_reply reply;
  if (auto why = reply.doc.parse(line))
    return kill(host_error_code::bad_output,
                "the model host sent a line that is not JSON (" + *why + ")");
  auto& root = reply.doc.root();
  if (!root.IsObject())
    return kill(host_error_code::bad_output,
                "the model host sent a line that is not a JSON object");
  auto member = [&](const char* name) -> const rapidjson::Value* {
    auto i = root.FindMember(name);
    return i == root.MemberEnd() ? nullptr : &i->value;
  };
  auto* v = member("v");
  auto* got_id = member("id");
  auto* ok = member("ok");
  // -1: absent or not an integer (ids we send are >= 1, the host's own 0).
  std::int64_t version = v ? json::read_integer(*v).value_or(-1) : -1;
  std::int64_t answered =
    got_id ? json::read_integer(*got_id).value_or(-1) : -1;
  if (version != 1 || answered < 0 || !ok || !ok->IsBool())
    return kill(host_error_code::bad_output,
                "the model host sent a reply without \"v\": 1, an integer "
                "\"id\" and a boolean \"ok\": " +
                  bounded(line, 200));
  reply.ok = ok->GetBool();
  if (answered == 0 && !reply.ok) {
    // The load-failure line: the host exits 3 right after it.
    auto message =
      message_of(reply).value_or("the model host failed to load the algorithm");
    child_->stop(options_.shutdown_grace);
    child_.reset();
    buffer_.clear();
    return host_error{host_error_code::model_error, bounded(message)};
  }
  if (answered != id)
    return kill(host_error_code::bad_output,
                "the model host answered request " + std::to_string(id) +
                  " with the id " + std::to_string(answered));
  reply.line = std::move(line);
  return reply;
}

host_error model_host::died(std::string_view doing) {
  // End of output: the host is exiting; wait briefly for its status.
  auto status = child_->stop(options_.shutdown_grace);
  child_.reset();
  buffer_.clear();
  return host_error{host_error_code::model_error, "the model host " +
                                                    describe_exit(status) +
                                                    " " + std::string{doing}};
}

host_error model_host::kill(host_error_code code, std::string message) {
  if (child_)
    child_->kill();
  child_.reset();
  buffer_.clear();
  return host_error{code, std::move(message)};
}

} // namespace ledger::worker

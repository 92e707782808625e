#include "cli/ctl_subcommands.hpp"

#include "core/ledger_config.hpp"
#include "messaging/reconnect.hpp"

#include <algorithm>
#include <charconv>
#include <iostream>
#include <sstream>

namespace ledger::apps {

namespace {

std::string program_help(const std::string& program, const std::string& summary,
                         const std::vector<subcommand>& subs) {
  std::ostringstream out;
  out << "usage: " << program << " COMMAND [options]\n\n"
      << summary << "\n\ncommands:\n";
  std::size_t width = 0;
  for (auto& s : subs)
    width = std::max(width, s.name.size() + 1 + s.args.size());
  for (auto& s : subs) {
    auto head = s.name + (s.args.empty() ? "" : " " + s.args);
    out << "  " << head << std::string(width - head.size() + 2, ' ')
        << s.summary << '\n';
  }
  out << "\nRun `" << program << " COMMAND --help` for a command's options.\n";
  return out.str();
}

std::string names_of(const std::vector<subcommand>& subs) {
  std::string out;
  for (std::size_t i = 0; i < subs.size(); ++i)
    out += (i == 0 ? "" : i + 1 == subs.size() ? " or " : ", ") + subs[i].name;
  return out;
}

} // namespace

int dispatch(int argc, char** argv, const std::string& program,
             const std::string& summary, const std::vector<subcommand>& subs,
             const std::function<int(const subcommand&, int, char**)>& run) {
  if (argc < 2) {
    std::cerr << program_help(program, summary, subs);
    return exit_usage;
  }
  std::string first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    std::cout << program_help(program, summary, subs);
    return exit_ok;
  }
  auto sub = std::find_if(subs.begin(), subs.end(),
                          [&](const subcommand& s) { return s.name == first; });
  if (sub == subs.end()) {
    std::cerr << program << ": unknown command '" << first << "' (expected "
              << names_of(subs) << "; see " << program << " --help)\n";
    return exit_usage;
  }
  try {
    return run(*sub, argc - 1, argv + 1);
  } catch (const usage_error& e) {
    std::cerr << program << ": " << e.what() << " (see " << program << ' '
              << sub->name << " --help)\n";
    return exit_usage;
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << '\n';
    return exit_failure;
  }
}

std::string usage_name(const std::string& program, const subcommand& sub) {
  return program + " " + sub.name + (sub.args.empty() ? "" : " " + sub.args);
}

bool parse_or_help(options& opts, int argc, char** argv, std::ostream& out) {
  if (auto why = opts.parse(argc, argv)) {
    // The parser's own hint says "see --help"; dispatch adds the right one.
    auto text = *why;
    auto hint = text.find(" (see --help)");
    if (hint != std::string::npos)
      text.erase(hint);
    throw usage_error{text};
  }
  if (!opts.help_requested())
    return false;
  out << opts.help();
  return true;
}

std::vector<std::string> expect_positional(const options& opts,
                                           std::size_t expected,
                                           const std::string& what) {
  auto args = opts.positional();
  if (args.size() < expected)
    throw usage_error{"missing " + what};
  if (args.size() > expected)
    throw usage_error{"unexpected argument '" + args[expected] + "'"};
  return args;
}

std::vector<option_spec> broker_option_specs(std::string connect_timeout) {
  return {
    {"amqp-url", "LEDGER_AMQP_URL", "amqp://ledger@127.0.0.1:17672/ledger",
     "RabbitMQ URL, amqp://user:password@host:port/vhost", true},
    {"topology-prefix", "LEDGER_TOPOLOGY_PREFIX", "",
     "prefix of every exchange and queue name (tests isolate themselves "
     "with it)"},
    {"connect-timeout", "", std::move(connect_timeout),
     "how long to keep trying to reach the broker at start (0: one try)"},
  };
}

broker_settings read_broker_settings(const options& opts) {
  broker_settings b;
  b.url = opts.get("amqp-url");
  b.topology.prefix = opts.get("topology-prefix");
  b.connect_timeout = duration_option(opts, "connect-timeout");
  return b;
}

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text == "0" || text == "0s" || text == "0ms")
    return std::chrono::milliseconds{0};
  return parse_interval(text);
}

std::chrono::milliseconds duration_option(const options& opts,
                                          const std::string& name) {
  auto& text = opts.get(name);
  auto d = parse_duration(text);
  if (!d)
    throw usage_error{"--" + name + " '" + text +
                      "' is not a duration such as 200ms, 1.5s or 1m"};
  return *d;
}

std::uint64_t count_option(const options& opts, const std::string& name,
                           std::uint64_t min) {
  auto& text = opts.get(name);
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() ||
      n < min)
    throw usage_error{"--" + name + " '" + text +
                      "' is not a whole number of " + "at least " +
                      std::to_string(min)};
  return n;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in{text};
  while (std::getline(in, item, ','))
    if (!item.empty())
      out.push_back(item);
  return out;
}

bool connect_within(
  messaging::amqp_connection& c, const broker_settings& broker,
  const std::string& connection_name,
  const std::function<void(messaging::amqp_connection&)>& setup,
  const std::atomic<bool>& stop,
  const std::function<void(const std::string&)>& on_error) {
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + broker.connect_timeout;
  messaging::backoff delays;
  for (;;) {
    messaging::connect_options o;
    o.name = connection_name;
    // Each attempt's TCP connect and handshake fit in what is left, but
    // get at least a second so a tight limit still allows one real try.
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - clock::now());
    o.timeout = std::clamp(left, std::chrono::milliseconds{1000},
                           std::chrono::milliseconds{10'000});
    auto delay = delays.next();
    try {
      c.connect(broker.url, o);
      if (setup)
        setup(c);
      return true;
    } catch (const messaging::amqp_error& e) {
      c.close();
      if (!stop.load() && clock::now() + delay > deadline)
        throw;
      if (on_error)
        on_error(e.what());
    }
    if (!messaging::sleep_unless_stopped(delay, stop))
      return false;
  }
}

} // namespace ledger::apps

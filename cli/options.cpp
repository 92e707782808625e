#include "cli/options.hpp"

#include <cstdlib>
#include <iostream>
#include <sstream>
#include <stdexcept>

namespace ledger::apps {

options::options(std::string program, std::string summary,
                 std::vector<option_spec> specs)
  : program_(std::move(program)), summary_(std::move(summary)),
    specs_(std::move(specs)) {
  for (auto& s : specs_) {
    const char* env = s.env.empty() ? nullptr : std::getenv(s.env.c_str());
    values_[s.name] = env != nullptr && *env != '\0' ? env : s.fallback;
  }
}

std::optional<std::string> options::parse(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      help_ = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      positional_.push_back(arg);
      continue;
    }
    auto eq = arg.find('=');
    auto name =
      arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    const option_spec* spec = nullptr;
    for (auto& s : specs_)
      if (s.name == name)
        spec = &s;
    if (spec == nullptr)
      return "unknown option --" + name + " (see --help)";
    if (spec->flag) {
      if (eq != std::string::npos)
        return "--" + name + " takes no value";
      values_[name] = "true";
      continue;
    }
    if (eq != std::string::npos) {
      values_[name] = arg.substr(eq + 1);
    } else if (i + 1 < argc) {
      values_[name] = argv[++i];
    } else {
      return "--" + name + " needs a value";
    }
  }
  return std::nullopt;
}

std::optional<int> options::parse_or_exit_status(int argc, char** argv) {
  if (auto problem = parse(argc, argv)) {
    std::cerr << program_ << ": " << *problem << '\n';
    return 2;
  }
  if (help_) {
    std::cout << help();
    return 0;
  }
  return std::nullopt;
}

std::string options::help() const {
  std::ostringstream out;
  out << "usage: " << program_ << " [options]\n\n"
      << summary_ << "\n\noptions:\n";
  for (auto& s : specs_) {
    out << "  --" << s.name << (s.flag ? "" : " VALUE") << "\n      " << s.help;
    if (!s.env.empty())
      out << "\n      (env " << s.env << ")";
    if (!s.fallback.empty() && !s.secret)
      out << "\n      default: " << s.fallback;
    out << '\n';
  }
  out << "  --help\n      print this text\n";
  return out.str();
}

const std::string& options::get(const std::string& name) const {
  auto i = values_.find(name);
  if (i == values_.end())
    throw std::logic_error("undeclared option " + name);
  return i->second;
}

bool options::is_set(const std::string& name) const {
  return get(name) == "true";
}

} // namespace ledger::apps

#pragma once

// A small command-line parser shared by the programs: `--name value` or
// `--name=value`, defaults from environment variables, and a --help text
// generated from the declarations.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ledger::apps {

struct option_spec {
  std::string name;     ///< without the leading dashes
  std::string env;      ///< environment variable giving the default, or ""
  std::string fallback; ///< default when neither flag nor env is set
  std::string help;
  bool secret = false; ///< never print its value (URLs with passwords)
  bool flag = false;   ///< takes no value
};

class options {
public:
  options(std::string program, std::string summary,
          std::vector<option_spec> specs);

  /// Parses argv. Returns an error sentence, or nullopt on success.
  std::optional<std::string> parse(int argc, char** argv);

  bool help_requested() const { return help_; }

  /// parse() for a program's main(), with the programs' one usage policy:
  /// returns the status main() exits with at once, 2 after printing the
  /// problem ("<program>: <problem>") to stderr, 0 after printing help()
  /// for --help; nullopt when the program should run.
  std::optional<int> parse_or_exit_status(int argc, char** argv);

  std::string help() const;

  const std::string& get(const std::string& name) const;
  bool is_set(const std::string& name) const;

  std::vector<std::string> positional() const { return positional_; }

private:
  std::string program_;
  std::string summary_;
  std::vector<option_spec> specs_;
  std::map<std::string, std::string> values_;
  std::vector<std::string> positional_;
  bool help_ = false;
};

} // namespace ledger::apps

#include "worker/algo_path.hpp"

#include <algorithm>
#include <system_error>

namespace ledger::worker {

namespace fs = std::filesystem;

namespace {

/// The user's text, quoted and bounded, for error sentences.
std::string shown(std::string_view text) {
  constexpr std::size_t limit = 200;
  std::string out{"\""};
  out.append(text.substr(0, limit));
  if (text.size() > limit)
    out.append("...");
  out.append("\"");
  return out;
}

} // namespace

bool is_within(const fs::path& root, const fs::path& path) {
  // Component-wise: a string prefix would accept /algos-evil for /algos.
  auto r = root.begin();
  auto p = path.begin();
  for (; r != root.end(); ++r, ++p) {
    if (r->empty())
      continue; // a trailing separator yields an empty last component
    if (p == path.end() || *r != *p)
      return false;
  }
  return true;
}

std::variant<fs::path, std::string>
resolve_algo_path(const fs::path& root, std::string_view algo_path) {
  auto name = shown(algo_path);
  if (algo_path.empty())
    return std::string{"algo_path is empty"};
  if (algo_path.find('\0') != std::string_view::npos)
    return "algo_path " + name + " contains a NUL character";
  fs::path relative{std::string{algo_path}};
  if (relative.is_absolute() || relative.has_root_path())
    return "algo_path " + name +
           " is absolute; it must be relative to the algorithms root";
  // Any `..` is refused, even one that would stay inside: the names users
  // give are plain folder names, and a lexical rule cannot be fooled.
  if (std::any_of(relative.begin(), relative.end(),
                  [](const fs::path& part) { return part == ".."; }))
    return "algo_path " + name + " must not contain \"..\"";

  std::error_code ec;
  auto base = fs::canonical(root, ec);
  if (ec || !fs::is_directory(base, ec))
    return "the algorithms root " + shown(root.string()) +
           " is not a readable folder";
  auto candidate = base / relative;
  // exists() follows symlinks: a dangling one does not exist either.
  if (!fs::exists(candidate, ec))
    return "algo_path " + name + " does not exist under the algorithms root";
  auto resolved = fs::canonical(candidate, ec);
  if (ec)
    return "algo_path " + name + " cannot be resolved: " + ec.message();
  if (!is_within(base, resolved))
    return "algo_path " + name + " resolves outside the algorithms root";
  if (resolved == base)
    return "algo_path " + name +
           " names the algorithms root itself, not an algorithm in it";

  if (fs::is_directory(resolved, ec)) {
    auto model = resolved / "model.py";
    if (!fs::exists(model, ec))
      return "algo_path " + name + " is a folder without model.py";
    auto model_resolved = fs::canonical(model, ec);
    if (ec || !is_within(base, model_resolved))
      return "algo_path " + name +
             ": its model.py resolves outside the algorithms root";
    if (!fs::is_regular_file(model_resolved, ec))
      return "algo_path " + name + ": its model.py is not a file";
    return resolved;
  }
  if (!fs::is_regular_file(resolved, ec) || resolved.extension() != ".py")
    return "algo_path " + name +
           " is neither a folder with model.py nor a .py file";
  return resolved;
}

} // namespace ledger::worker

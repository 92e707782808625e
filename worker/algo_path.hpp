#pragma once

// An `algo_path` names an algorithm relative to the worker's algorithms
// root: a folder holding model.py, or a .py file. Ledgers are created by
// users, so the path is untrusted: it must not reach anything outside the
// root, through `..`, an absolute path or a symlink.

#include <filesystem>
#include <string>
#include <string_view>
#include <variant>

namespace ledger::worker {

/// Resolves `algo_path` under `root` to the canonical path of the folder or
/// .py file the model host is started with. Refuses, with one sentence
/// naming the reason: an empty path, an absolute path, any `..` component,
/// a path that does not exist, a symlink (anywhere on the way, or a folder's
/// model.py) that resolves outside the root, a folder without model.py and
/// a file that is not a .py file. Symlinks that stay inside the root are
/// followed, so two names of one algorithm resolve to the same path.
std::variant<std::filesystem::path, std::string>
resolve_algo_path(const std::filesystem::path& root,
                  std::string_view algo_path);

/// True when `path` is `root` or below it, comparing whole components
/// (so /algos2 is not inside /algos). Both must be canonical.
bool is_within(const std::filesystem::path& root,
               const std::filesystem::path& path);

} // namespace ledger::worker

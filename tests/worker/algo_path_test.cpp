#include "tests/worker/fixtures.hpp"
#include "worker/algo_path.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace ledger::worker;
using namespace ledger::worker::testing;

namespace {

void write_file(const fs::path& path, const std::string& text = "") {
  fs::create_directories(path.parent_path());
  std::ofstream{path} << text;
}

/// root/ holds algorithms and traps; outside/ is what the traps point at.
struct algos_tree {
  scratch_dir dir;
  fs::path root = dir.path / "algos";
  fs::path outside = dir.path / "outside";

  algos_tree() {
    write_file(root / "good" / "model.py");
    write_file(root / "single.py");
    write_file(root / "nested" / "deep" / "model.py");
    write_file(root / "notes.txt");
    fs::create_directories(root / "empty_folder");
    write_file(outside / "model.py");
    write_file(outside / "secret.py");
    fs::create_directory_symlink(outside, root / "escape");
    fs::create_symlink(outside / "secret.py", root / "escape_file.py");
    fs::create_directories(root / "sneaky");
    fs::create_symlink(outside / "model.py", root / "sneaky" / "model.py");
    fs::create_directory_symlink(root / "good", root / "alias");
    fs::create_symlink(root / "gone", root / "dangling");
    // A sibling whose name starts like the root: a string prefix check
    // would take it for a path inside.
    write_file(dir.path / "algos-evil" / "model.py");
    fs::create_directory_symlink(dir.path / "algos-evil", root / "evil");
  }

  std::variant<fs::path, std::string> resolve(std::string_view name) const {
    return resolve_algo_path(root, name);
  }

  fs::path accepted(std::string_view name) const {
    auto r = resolve(name);
    if (auto* why = std::get_if<std::string>(&r))
      BOOST_FAIL("refused " << name << ": " << *why);
    return std::get<fs::path>(r);
  }

  std::string refused(std::string_view name) const {
    auto r = resolve(name);
    if (auto* path = std::get_if<fs::path>(&r))
      BOOST_FAIL("accepted " << name << " as " << *path);
    return std::get<std::string>(r);
  }
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(algo_path)

BOOST_AUTO_TEST_CASE(folders_and_py_files_resolve_to_canonical_paths) {
  algos_tree t;
  auto root = fs::canonical(t.root);
  BOOST_TEST(t.accepted("good") == root / "good");
  BOOST_TEST(t.accepted("good/") == root / "good");
  BOOST_TEST(t.accepted("./good") == root / "good");
  BOOST_TEST(t.accepted("single.py") == root / "single.py");
  BOOST_TEST(t.accepted("nested/deep") == root / "nested" / "deep");
}

BOOST_AUTO_TEST_CASE(symlinks_inside_the_root_are_followed) {
  algos_tree t;
  BOOST_TEST(t.accepted("alias") == fs::canonical(t.root) / "good");
  // A root reached through a symlink works the same.
  fs::create_directory_symlink(t.root, t.dir.path / "root_link");
  BOOST_TEST(
    std::get<fs::path>(resolve_algo_path(t.dir.path / "root_link", "good")) ==
    fs::canonical(t.root) / "good");
}

BOOST_AUTO_TEST_CASE(absolute_paths_and_dot_dot_are_refused) {
  algos_tree t;
  BOOST_TEST(contains(t.refused((t.root / "good").string()), "absolute"));
  BOOST_TEST(contains(t.refused("/etc"), "absolute"));
  for (auto name :
       {"..", "../outside", "good/../good", "good/..", "nested/../../outside"})
    BOOST_TEST(contains(t.refused(name), "must not contain \"..\""), name);
}

BOOST_AUTO_TEST_CASE(symlinks_leading_outside_are_refused) {
  algos_tree t;
  BOOST_TEST(contains(t.refused("escape"), "resolves outside"));
  BOOST_TEST(contains(t.refused("escape/model.py"), "resolves outside"));
  BOOST_TEST(contains(t.refused("escape_file.py"), "resolves outside"));
  BOOST_TEST(contains(t.refused("evil"), "resolves outside"));
  BOOST_TEST(contains(t.refused("sneaky"), "its model.py resolves outside"));
}

// The `..` rule is lexical and reads only the algo_path; a symlink's own
// target may still climb out, loop, or chain through the root's folders.
BOOST_AUTO_TEST_CASE(relative_looping_and_chained_symlinks_are_refused) {
  algos_tree t;
  fs::create_directory_symlink("../outside", t.root / "up");
  fs::create_directory_symlink("../../outside", t.root / "nested" / "upup");
  fs::create_symlink("loop_b", t.root / "loop_a");
  fs::create_symlink("loop_a", t.root / "loop_b");
  fs::create_directory_symlink(t.root, t.root / "self");
  fs::create_directory_symlink("escape", t.root / "via_escape");
  BOOST_TEST(contains(t.refused("up"), "resolves outside"));
  BOOST_TEST(contains(t.refused("nested/upup"), "resolves outside"));
  BOOST_TEST(contains(t.refused("via_escape"), "resolves outside"));
  BOOST_TEST(contains(t.refused("loop_a"), "does not exist"));
  BOOST_TEST(contains(t.refused("self"), "the algorithms root itself"));
  BOOST_TEST(t.accepted("self/good") == fs::canonical(t.root) / "good");
}

BOOST_AUTO_TEST_CASE(missing_and_unfit_paths_are_refused) {
  algos_tree t;
  BOOST_TEST(t.refused("") == "algo_path is empty");
  BOOST_TEST(contains(t.refused("missing"), "does not exist"));
  BOOST_TEST(contains(t.refused("good/missing.py"), "does not exist"));
  BOOST_TEST(contains(t.refused("dangling"), "does not exist"));
  BOOST_TEST(contains(t.refused("empty_folder"), "without model.py"));
  BOOST_TEST(contains(t.refused("notes.txt"), "neither a folder"));
  BOOST_TEST(contains(t.refused("."), "the algorithms root itself"));
  BOOST_TEST(contains(t.refused(std::string_view{"go\0od", 5}), "NUL"));
  BOOST_TEST(contains(
    std::get<std::string>(resolve_algo_path(t.dir.path / "nope", "good")),
    "is not a readable folder"));
}

BOOST_AUTO_TEST_CASE(error_sentences_quote_the_path_boundedly) {
  algos_tree t;
  auto why = t.refused(std::string(1000, 'x'));
  BOOST_TEST(contains(why, "does not exist"));
  BOOST_TEST(why.size() < 300u);
}

BOOST_AUTO_TEST_CASE(within_compares_whole_components) {
  BOOST_TEST(is_within("/algos", "/algos/a/b"));
  BOOST_TEST(is_within("/algos", "/algos"));
  BOOST_TEST(!is_within("/algos", "/algos-evil/a"));
  BOOST_TEST(!is_within("/algos/a", "/algos"));
  BOOST_TEST(!is_within("/algos", "/"));
}

BOOST_AUTO_TEST_SUITE_END()

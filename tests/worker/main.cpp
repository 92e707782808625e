#define BOOST_TEST_MODULE worker
#include <boost/test/unit_test.hpp>

#include <csignal>

namespace {

/// As in the worker's main: a write to a host that died must fail with
/// EPIPE, not end the test binary.
struct ignore_sigpipe {
  ignore_sigpipe() { std::signal(SIGPIPE, SIG_IGN); }
};

} // namespace

BOOST_TEST_GLOBAL_FIXTURE(ignore_sigpipe);

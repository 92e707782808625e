#include "cli/secrets_guard.hpp"

#include <iostream>
#include <sys/prctl.h>

namespace ledger::apps {

bool hide_from_same_user(const char* program) {
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0)
    return true;
  std::cerr << program
            << ": warning: cannot make the process non-dumpable; processes "
               "of the same user may read its credentials\n";
  return false;
}

} // namespace ledger::apps

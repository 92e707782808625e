#include "cli/secrets_guard.hpp"

#include <sys/prctl.h>

namespace ledger::apps {

bool hide_from_same_user() {
  return ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
}

} // namespace ledger::apps

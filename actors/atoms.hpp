#pragma once

// Every atom of the engine, in one place (CAF 0.17: at most 10 characters).

#include <caf/atom.hpp>

namespace ledger::atom {

using command = caf::atom_constant<caf::atom("command")>;
using acquire = caf::atom_constant<caf::atom("acquire")>;
using create = caf::atom_constant<caf::atom("create")>;
using flush = caf::atom_constant<caf::atom("flush")>;
using get = caf::atom_constant<caf::atom("get")>;
using health = caf::atom_constant<caf::atom("health")>;
using list = caf::atom_constant<caf::atom("list")>;
using load = caf::atom_constant<caf::atom("load")>;
using load_all = caf::atom_constant<caf::atom("load_all")>;
using publish = caf::atom_constant<caf::atom("publish")>;
using quote = caf::atom_constant<caf::atom("quote")>;
using release = caf::atom_constant<caf::atom("release")>;
using remove = caf::atom_constant<caf::atom("remove")>;
using reply = caf::atom_constant<caf::atom("reply")>;
using report = caf::atom_constant<caf::atom("report")>;
using snapshot = caf::atom_constant<caf::atom("snapshot")>;
using start = caf::atom_constant<caf::atom("start")>;
using status = caf::atom_constant<caf::atom("status")>;
using stop = caf::atom_constant<caf::atom("stop")>;
using tick = caf::atom_constant<caf::atom("tick")>;
using write = caf::atom_constant<caf::atom("write")>;

} // namespace ledger::atom

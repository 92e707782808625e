#include "actors/registry.hpp"

#include "actors/errors.hpp"

#include <caf/exit_reason.hpp>
#include <caf/send.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <utility>

namespace ledger {

registry_state::~registry_state() {
  for (auto& entry : ledgers)
    caf::anon_send_exit(entry.second, caf::exit_reason::user_shutdown);
}

namespace {

using self_ptr = registry_actor::stateful_pointer<registry_state>;

constexpr auto ask_timeout = std::chrono::seconds{10};

caf::error unknown(const std::string& name) {
  return make_error(ec::unknown_ledger, "no ledger named " + name);
}

// Whether the ledger's shard is this engine's: always with one engine.
bool ours(self_ptr self, std::string_view name) {
  auto& own = self->state.ownership;
  return !own || own->holds(name);
}

// How many engine shards the ledgers hash to (acquire, release).
int shard_count(self_ptr self) {
  auto& own = self->state.ownership;
  return own ? own->shards() : default_engine_shards;
}

// A ledger this engine does not run: unknown, or another node's.
caf::error not_here(self_ptr self, const std::string& name) {
  auto& own = self->state.ownership;
  if (!ours(self, name)) {
    // No lease can be proven without the database: an outage, not a
    // misdirected request.
    auto lost = own->lost();
    if (!lost.empty())
      return make_error(ec::database_unavailable,
                        "database unavailable (this node's leases are "
                        "lost): " +
                          lost);
    return make_error(ec::not_owner, own->misdirected(name));
  }
  return unknown(name);
}

// A ledger of a shard being released has ended: once all of a release's
// have, their last facts are flushed and the release answered.
void released(self_ptr self, caf::actor_id id) {
  auto& waits = self->state.releasing;
  for (auto i = waits.begin(); i != waits.end();) {
    i->left.erase(id);
    if (!i->left.empty()) {
      ++i;
      continue;
    }
    auto promise = i->promise;
    i = waits.erase(i);
    promise.delegate(self->state.deps->persistence, atom::flush::value);
  }
}

ledger_actor spawn_ledger(self_ptr self, ledger_record record) {
  auto name = record.config.name;
  auto ledger = self->spawn(ledger_fn, std::move(record), self->state.deps);
  self->monitor(ledger);
  auto entry = self->state.ledgers.insert_or_assign(std::move(name), ledger);
  self->state.names[ledger.id()] = &entry.first->first;
  return ledger;
}

// Spawns the loaded ledgers of this engine not running yet; returns how
// many.
std::size_t spawn_loaded(self_ptr self, std::vector<ledger_record>& records) {
  std::size_t loaded = 0;
  for (auto& record : records)
    if (self->state.ledgers.count(record.config.name) == 0 &&
        ours(self, record.config.name)) {
      spawn_ledger(self, std::move(record));
      ++loaded;
    }
  return loaded;
}

// A restart storm means the ledger's own state makes it crash: leave it
// down rather than burn the CPU (it reloads on the next engine start).
bool may_restart(self_ptr self, const std::string& name) {
  auto now = self->state.deps->clock();
  auto& times = self->state.restarts[name];
  while (!times.empty() && now - times.front() > std::chrono::minutes{1})
    times.pop_front();
  if (times.size() >= max_restarts_per_minute)
    return false;
  times.push_back(now);
  return true;
}

void restart(self_ptr self, const std::string& name) {
  if (!may_restart(self, name)) {
    std::cerr << "registry: ledger " << name
              << " keeps failing; left stopped until the next start\n";
    return;
  }
  // Loading through persistence waits for the ledger's queued facts, so
  // the new actor starts from everything the old one committed.
  self
    ->request(self->state.deps->persistence, caf::infinite, atom::load::value,
              name)
    .then(
      [=](ledger_record& record) {
        if (self->state.ledgers.count(name) == 0)
          spawn_ledger(self, std::move(record));
      },
      [=](caf::error& e) {
        std::cerr << "registry: cannot restart " << name << ": "
                  << message_of(e) << '\n';
      });
}

// Asks every ledger for its view and answers with all of them, by name.
caf::result<std::vector<ledger_view>> list_all(self_ptr self) {
  auto promise = self->make_response_promise<std::vector<ledger_view>>();
  if (self->state.ledgers.empty()) {
    promise.deliver(std::vector<ledger_view>{});
    return promise;
  }
  auto views = std::make_shared<std::map<std::string, ledger_view>>();
  auto remaining = std::make_shared<std::size_t>(self->state.ledgers.size());
  auto done = [=]() mutable {
    if (--*remaining > 0)
      return;
    std::vector<ledger_view> out;
    for (auto& [name, view] : *views)
      out.push_back(std::move(view));
    promise.deliver(std::move(out));
  };
  for (auto& [name, ledger] : self->state.ledgers) {
    auto key = name;
    self->request(ledger, ask_timeout, atom::get::value)
      .then(
        [=](ledger_view& view) mutable {
          views->emplace(key, std::move(view));
          done();
        },
        [=](caf::error&) mutable { done(); });
  }
  return promise;
}

} // namespace

registry_actor::behavior_type
registry_fn(self_ptr self, ledger_deps deps,
            std::shared_ptr<const shard_ownership> ownership) {
  self->state.deps = std::make_shared<const ledger_deps>(std::move(deps));
  self->state.ownership = std::move(ownership);
  self->set_down_handler([=](const caf::down_msg& down) {
    auto i = self->state.names.find(down.source.id());
    if (i == self->state.names.end())
      return;
    std::string name{*i->second};
    self->state.names.erase(i);
    self->state.ledgers.erase(name);
    if (!self->state.releasing.empty())
      released(self, down.source.id());
    if (!self->state.stopping.empty()) {
      ++self->state.stopped;
      if (self->state.ledgers.empty())
        for (auto& p : std::exchange(self->state.stopping, {}))
          p.deliver(self->state.stopped);
      return; // no restart while the engine stops
    }
    if (down.reason && down.reason != caf::exit_reason::user_shutdown &&
        ours(self, name)) {
      std::cerr << "registry: ledger " << name
                << " failed; restarting from its last committed tick\n";
      restart(self, name);
    }
  });
  return {
    [=](atom::create, ledger_config& config,
        bool start) -> caf::result<ledger_view> {
      if (auto problem = check_config(config))
        return make_error(ec::invalid_config, *problem);
      if (self->state.ledgers.count(config.name) > 0)
        return make_error(ec::name_taken,
                          "a ledger named " + config.name + " exists");
      if (!ours(self, config.name))
        return not_here(self, config.name);
      auto promise = self->make_response_promise<ledger_view>();
      auto record = new_ledger_record(config, self->state.deps->clock());
      self
        ->request(self->state.deps->persistence, caf::infinite,
                  atom::create::value, record)
        .then(
          [=](bool created) mutable {
            if (!created || self->state.ledgers.count(config.name) > 0) {
              promise.deliver(make_error(
                ec::name_taken, "a ledger named " + config.name + " exists"));
              return;
            }
            auto ledger = spawn_ledger(self, record);
            if (start)
              promise.delegate(ledger, atom::start::value);
            else
              promise.delegate(ledger, atom::get::value);
          },
          [=](caf::error& e) mutable { promise.deliver(e); });
      return promise;
    },
    [=](atom::start, const std::string& name) -> caf::result<ledger_view> {
      auto i = self->state.ledgers.find(name);
      if (i == self->state.ledgers.end())
        return not_here(self, name);
      return self->delegate(i->second, atom::start::value);
    },
    [=](atom::stop, const std::string& name) -> caf::result<ledger_view> {
      auto i = self->state.ledgers.find(name);
      if (i == self->state.ledgers.end())
        return not_here(self, name);
      return self->delegate(i->second, atom::stop::value);
    },
    [=](atom::get, const std::string& name) -> caf::result<ledger_view> {
      auto i = self->state.ledgers.find(name);
      if (i == self->state.ledgers.end())
        return not_here(self, name);
      return self->delegate(i->second, atom::get::value);
    },
    [=](atom::report, const std::string& name,
        report_request& r) -> caf::result<report_result> {
      auto i = self->state.ledgers.find(name);
      if (i == self->state.ledgers.end())
        return not_here(self, name);
      return self->delegate(i->second, atom::report::value, std::move(r));
    },
    [=](atom::remove, const std::string& name) -> caf::result<bool> {
      auto i = self->state.ledgers.find(name);
      if (i == self->state.ledgers.end())
        return not_here(self, name);
      auto ledger = i->second;
      self->demonitor(ledger.address());
      self->state.names.erase(ledger.id());
      self->state.ledgers.erase(i);
      self->send_exit(ledger, ledger_deleted());
      return self->delegate(self->state.deps->persistence, atom::remove::value,
                            name);
    },
    [=](atom::stop) -> caf::result<std::size_t> {
      auto& st = self->state;
      if (st.ledgers.empty())
        return st.stopped;
      auto promise = self->make_response_promise<std::size_t>();
      st.stopping.push_back(promise);
      for (auto& [name, ledger] : st.ledgers)
        self->send_exit(ledger, caf::exit_reason::user_shutdown);
      return promise;
    },
    [=](atom::list) { return list_all(self); },
    [=](atom::load_all) -> caf::result<std::size_t> {
      auto promise = self->make_response_promise<std::size_t>();
      self
        ->request(self->state.deps->persistence, caf::infinite,
                  atom::load_all::value)
        .then(
          [=](std::vector<ledger_record>& records) mutable {
            promise.deliver(spawn_loaded(self, records));
          },
          [=](caf::error& e) mutable { promise.deliver(e); });
      return promise;
    },
    [=](atom::acquire, std::vector<int>& shards) -> caf::result<std::size_t> {
      auto promise = self->make_response_promise<std::size_t>();
      self
        ->request(self->state.deps->persistence, caf::infinite,
                  atom::load_all::value, std::move(shards), shard_count(self))
        .then(
          [=](std::vector<ledger_record>& records) mutable {
            promise.deliver(spawn_loaded(self, records));
          },
          [=](caf::error& e) mutable { promise.deliver(e); });
      return promise;
    },
    [=](atom::release,
        const std::vector<int>& shards) -> caf::result<std::size_t> {
      auto& st = self->state;
      registry_state::release_wait wait;
      for (auto& [name, ledger] : st.ledgers)
        if (std::find(shards.begin(), shards.end(),
                      engine_shard_of(name, shard_count(self))) !=
            shards.end()) {
          wait.left.insert(ledger.id());
          self->send_exit(ledger, caf::exit_reason::user_shutdown);
        }
      if (wait.left.empty())
        return self->delegate(st.deps->persistence, atom::flush::value);
      auto promise = self->make_response_promise<std::size_t>();
      wait.promise = promise;
      st.releasing.push_back(std::move(wait));
      return promise;
    },
  };
}

} // namespace ledger

#include "tests/actors/broker_harness.hpp"

#include "actors/atoms.hpp"

#include <boost/test/unit_test.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include <thread>

namespace ledger::test {

deterministic_system::deterministic_system() {
  cfg_.set("scheduler.policy", caf::atom("testing"));
  cfg_.set("logger.file-verbosity", caf::atom("quiet"));
  sys_ = std::make_unique<caf::actor_system>(cfg_);
  sched_ = &dynamic_cast<caf::scheduler::test_coordinator&>(sys_->scheduler());
}

deterministic_system::~deterministic_system() {
  for (auto& a : spawned_)
    caf::anon_send_exit(a, caf::exit_reason::kill);
  spawned_.clear();
  run();
}

void deterministic_system::run() {
  sched_->run();
}

void deterministic_system::advance(std::chrono::milliseconds d) {
  constexpr std::chrono::milliseconds step{10};
  run();
  while (d.count() > 0) {
    auto s = std::min(d, step);
    sched_->advance_time(s);
    run();
    d -= s;
  }
}

void inbox::push(messaging::envelope e) {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    queue_.push_back(std::move(e));
  }
  ready_.notify_all();
}

std::optional<messaging::envelope>
inbox::next(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock{mutex_};
  if (!ready_.wait_for(lock, timeout, [this] { return !queue_.empty(); }))
    return std::nullopt;
  auto e = std::move(queue_.front());
  queue_.pop_front();
  return e;
}

namespace {

// Each kind of delivery into its inbox.
broker_link::handlers into(inbox& replies, inbox& quotes, inbox& commands) {
  broker_link::handlers h;
  h.on_reply = [&replies](messaging::envelope e) {
    replies.push(std::move(e));
  };
  h.on_quote = [&quotes](messaging::envelope e) { quotes.push(std::move(e)); };
  h.on_command = [&commands](messaging::envelope e) {
    commands.push(std::move(e));
  };
  return h;
}

} // namespace

live_link::live_link()
  : link(std::make_shared<broker_link>(amqp_url(), scratch.topo,
                                       into(replies, quotes, commands))) {
  link->start();
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds{10};
  while (!link->connected() && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  BOOST_REQUIRE_MESSAGE(link->connected(), "the broker link did not connect");
}

live_link::~live_link() {
  link->stop();
}

caf::actor scripted(deterministic_system& sys, std::shared_ptr<script> s) {
  // The script is passed as an argument: CAF 0.17 binds a reference to a
  // null tuple for a function spawned without any (UBSan stops there).
  return sys.spawn(
    [](caf::event_based_actor* self,
       std::shared_ptr<script> s) -> caf::behavior {
      self->set_default_handler(
        [s](caf::scheduled_actor* me,
            caf::message_view& x) -> caf::result<caf::message> {
          s->asked.push_back(x.copy_content_to_message());
          if (s->answers.empty()) {
            s->unanswered.push_back(me->make_response_promise());
            return caf::delegated<caf::message>{};
          }
          auto next = std::move(s->answers.front());
          s->answers.pop_front();
          if (auto e = std::get_if<caf::error>(&next))
            return std::move(*e);
          return std::get<caf::message>(std::move(next));
        });
      // Something to match keeps the actor alive; every request goes to
      // the default handler above.
      return {[](atom::publish) {}};
    },
    s);
}

} // namespace ledger::test

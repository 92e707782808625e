#include "actors/market.hpp"

#include <caf/typed_event_based_actor.hpp>

namespace ledger {

market_actor::behavior_type
market(market_actor::stateful_pointer<market_state> self,
       market_options options) {
  return {
    [=](atom::quote, const std::string& ticker, price p, timestamp time) {
      auto& quotes = self->state.quotes;
      auto i = quotes.find(ticker);
      if (i == quotes.end())
        quotes.emplace(ticker, quote_entry{p, time});
      else if (!options.ignore_older || time >= i->second.time)
        i->second = quote_entry{p, time};
      // One publish for every quote already in the mailbox: the message
      // queues behind them.
      if (options.board && !self->state.publish_pending) {
        self->state.publish_pending = true;
        self->send(self, atom::publish::value);
      }
    },
    [=](atom::publish) {
      self->state.publish_pending = false;
      auto prices = std::make_shared<price_map>();
      for (auto& [ticker, entry] : self->state.quotes)
        prices->emplace(ticker, entry.last);
      options.board->publish(std::move(prices));
    },
    [=](atom::snapshot, const std::vector<std::string>& tickers) {
      price_map out;
      for (auto& t : tickers) {
        auto i = self->state.quotes.find(t);
        if (i != self->state.quotes.end())
          out.emplace(t, i->second.last);
      }
      return out;
    },
  };
}

} // namespace ledger

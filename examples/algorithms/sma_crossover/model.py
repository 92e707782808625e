"""Simple moving average crossover, per ticker.

Buys when the short average of recent prices crosses above the long one
(momentum turning up) and sells everything when it crosses back below. The
parameters are class attributes so a variant is a three-line subclass.
"""

from collections import deque

from ledger_model import Model as BaseModel


class Model(BaseModel):
    #: Window of the short and the long simple moving average, in ticks.
    SHORT = 5
    LONG = 20
    #: Fraction of the current balance spent on one buy signal.
    BUY_FRACTION = 0.2

    def __init__(self):
        self.history = {}  # ticker -> the last LONG + 1 prices

    def update_book_status(self, book_status):
        super().update_book_status(book_status)
        for ticker, price in sorted(self.prices.items()):
            if price is None or price <= 0:
                continue
            window = self.history.setdefault(
                ticker, deque(maxlen=self.LONG + 1))
            window.append(float(price))

    @staticmethod
    def _sma(values, n):
        return sum(values[-n:]) / n

    def _signal(self, ticker):
        """+1 when short crossed above long this tick, -1 below, else 0."""
        prices = list(self.history.get(ticker, ()))
        if len(prices) < self.LONG + 1:
            return 0  # not enough history for two consecutive averages
        before, now = prices[:-1], prices
        diff_before = self._sma(before, self.SHORT) - self._sma(
            before, self.LONG)
        diff_now = self._sma(now, self.SHORT) - self._sma(now, self.LONG)
        if diff_before <= 0 < diff_now:
            return 1
        if diff_before >= 0 > diff_now:
            return -1
        return 0

    def trade(self):
        cash = float(self.balance)
        trades = []
        for ticker in sorted(self.history):
            price = self.prices.get(ticker)
            if not price or price <= 0:
                continue
            signal = self._signal(ticker)
            held = int(self.holding.get(ticker, 0))
            if signal > 0:
                shares = int(cash * self.BUY_FRACTION // price)
                if shares >= 1:
                    trades.append(self.buy(ticker, shares))
                    cash -= shares * price
            elif signal < 0 and held > 0:
                trades.append(self.sell(ticker, held))
        return trades

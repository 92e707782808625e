"""Buy and hold: invest ~95% of the cash once, evenly, then never trade.

The baseline every other algorithm should beat. The 5% left in cash covers
fees and slippage so the opening buys are not rejected for insufficient
funds.
"""

from ledger_model import Model as BaseModel


class Model(BaseModel):
    #: Fraction of the balance invested on the first tick with prices.
    INVEST_FRACTION = 0.95

    def __init__(self):
        self.invested = False

    def trade(self):
        if self.invested:
            return []
        prices = {ticker: price for ticker, price in self.prices.items()
                  if price is not None and price > 0}
        if not prices:
            return []  # no quotes yet: try again next tick
        self.invested = True
        budget = self.balance * self.INVEST_FRACTION / len(prices)
        trades = []
        for ticker in sorted(prices):
            shares = int(budget // prices[ticker])
            if shares >= 1:
                trades.append(self.buy(ticker, shares))
        return {"trades": trades}

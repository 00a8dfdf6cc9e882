package io.redline.alerts.backtest;

/** The caller's previous backtest is still running: 429, one backtest per API key at a time. */
public class BacktestRunningException extends RuntimeException {

    public BacktestRunningException() {
        super("a backtest is already running for this API key; retry once it has finished (one at a time per key)");
    }
}

package io.redline.alerts.backtest;

import io.redline.common.rest.Problems;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The backtest's own refusals as RFC 9457 problem-details. */
public class BacktestProblems {

    /** 429 with a Retry-After of a few seconds, about as long as a backtest takes. */
    @ServerExceptionMapper
    public Response running(BacktestRunningException e) {
        return Problems.builder(429, "Backtest already running", e.getMessage())
                .header("Retry-After", "5")
                .build();
    }
}

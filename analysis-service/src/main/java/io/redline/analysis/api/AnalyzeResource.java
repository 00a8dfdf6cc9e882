package io.redline.analysis.api;

import io.redline.analysis.tagging.EscalationTagger;
import io.redline.contracts.Analysis;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code POST /api/analyze}: runs the tagger on a text, for staff trying it and for evaluation. */
@Path("/api/analyze")
public class AnalyzeResource {

    /** Texts longer than this are refused rather than analysed slowly. */
    static final int MAX_CHARS = 200_000;

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Analyse a plain-text article; the first line may be its title")
    public Analysis analyze(String text,
            @Parameter(description = "ISO 639-1 language of the text; en when absent")
            @QueryParam("lang") String lang) {
        if (text == null || text.isBlank()) {
            throw new jakarta.ws.rs.BadRequestException("body must be a non-empty text");
        }
        if (text.length() > MAX_CHARS) {
            throw new jakarta.ws.rs.BadRequestException("text longer than " + MAX_CHARS + " characters");
        }
        return EscalationTagger.analyze(null, text, lang == null ? "en" : lang, Instant.now());
    }
}

package io.redline.analysis.api;

import io.redline.analysis.tagging.EscalationTagger;
import io.redline.contracts.Analysis;
import io.redline.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code POST /api/analyze}: runs the tagger on a plain text or an article JSON, for staff trying it and for evaluation. */
@Path("/api/analyze")
@RolesAllowed(Role.READER_NAME)
public class AnalyzeResource {

    /** Texts longer than this are refused rather than analysed slowly. */
    static final int MAX_CHARS = 200_000;

    private final EscalationTagger tagger;
    private final Clock clock = Clock.systemUTC();

    public AnalyzeResource(EscalationTagger tagger) {
        this.tagger = tagger;
    }

    /** An article to analyse: the text is required, title and language optional. */
    public record ArticleRequest(String title, String text, String language) {}

    @POST
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Analyse a plain-text article")
    public Analysis analyzeText(
            String text,
            @Parameter(description = "ISO 639-1 language of the text; detected from the text when absent")
                    @QueryParam("lang")
                    String lang) {
        check(text, "body");
        return tagger.analyze(null, text, lang, clock.instant());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Analyse an article given as JSON: {\"title\", \"text\", \"language\"}")
    public Analysis analyzeArticle(ArticleRequest article) {
        if (article == null) {
            throw new BadRequestException("body must be a JSON object with a non-empty text");
        }
        check(article.text(), "text");
        if (article.title() != null && article.title().length() > MAX_CHARS) {
            throw new BadRequestException("title longer than " + MAX_CHARS + " characters");
        }
        return tagger.analyze(article.title(), article.text(), article.language(), clock.instant());
    }

    private static void check(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException(what + " must be a non-empty text");
        }
        if (text.length() > MAX_CHARS) {
            throw new BadRequestException(what + " longer than " + MAX_CHARS + " characters");
        }
    }
}

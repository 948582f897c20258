package dev.slipway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An error as RFC 9457 problem JSON.
 *
 * @param type a URI naming the kind of problem
 * @param title the kind of problem in words
 * @param status the HTTP status
 * @param detail what went wrong this time
 * @param field the input field at fault, when one is
 * @param errors every problem, when there are several (a configuration file)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String field, List<String> errors) {}

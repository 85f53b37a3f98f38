package org.rlhf4j.labeling.web;

import java.util.regex.Pattern;

/** A method and path pattern, who may call it, and what answers it. */
record Route(String method, Pattern path, Access access, Handler handler) {
    /** Who may call a route. */
    enum Access { PUBLIC, USER, ADMIN }

    @FunctionalInterface
    interface Handler {
        void handle(Request request) throws Exception;
    }
}

package com.acme.tools;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Reads audit lines on stdin and posts each to the SIEM's collector. */
public final class AuditForwarder {
    private static final Logger LOG = LogManager.getLogger(AuditForwarder.class);
    private static final URI COLLECTOR = URI.create("https://siem.acme.example/collect");

    public static void main(String[] args) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String token = System.getenv("SIEM_TOKEN");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                HttpRequest request = HttpRequest.newBuilder(COLLECTOR)
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(line))
                        .build();
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 300) {
                    LOG.warn("collector answered {} for line: {}", status, line);
                }
            }
        }
    }
}

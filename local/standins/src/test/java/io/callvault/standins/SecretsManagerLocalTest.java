package io.callvault.standins;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The Secrets Manager stand-in answers a retried CreateSecret as the service does: by its ClientRequestToken. */
class SecretsManagerLocalTest {
    static HttpResponse<String> call(SecretsManagerLocal server, String operation, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.endpoint())
                .header("X-Amz-Target", "secretsmanager." + operation)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCreateRetriedWithItsTokenSucceedsAndAnotherCreateOfTheNameIsAConflict() throws Exception {
        SecretsManagerLocal server = SecretsManagerLocal.inMemory();
        try {
            String create = "{\"Name\":\"callvault/x/s\",\"SecretString\":\"{\\\"p\\\":1}\",\"ClientRequestToken\":\"t-1\"}";
            assertThat(call(server, "CreateSecret", create).statusCode()).isEqualTo(200);
            HttpResponse<String> retried = call(server, "CreateSecret", create);
            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
            assertThat(retried.body()).contains("\"VersionId\":\"t-1\"");

            HttpResponse<String> other = call(server, "CreateSecret",
                    "{\"Name\":\"callvault/x/s\",\"SecretString\":\"{\\\"p\\\":1}\",\"ClientRequestToken\":\"t-2\"}");
            assertThat(other.statusCode()).isEqualTo(400);
            assertThat(other.body()).contains("ResourceExistsException");
            HttpResponse<String> otherValue = call(server, "CreateSecret",
                    "{\"Name\":\"callvault/x/s\",\"SecretString\":\"{\\\"p\\\":2}\",\"ClientRequestToken\":\"t-1\"}");
            assertThat(otherValue.statusCode()).isEqualTo(400);
        } finally {
            server.close();
        }
    }
}

package io.jetway.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jetway.gateway.core.ChunkSource;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class ClientWatchTest {

    private final ClientWatch clients = new ClientWatch();
    private final ChunkSource nothing = new ChunkSource() {
        @Override
        public String next() {
            return null;
        }

        @Override
        public void close() {
            // nothing to release
        }
    };

    @Test
    void aStreamThatNeverWaitsIsNeverWatched() {
        try (ClientWatch.Watched w = clients.watch(new ByteArrayOutputStream(), nothing)) {
            w.lock();
            w.wrote();
            w.unlock();
            assertThat(clients.watching()).isZero();
        }
        assertThat(clients.watching()).isZero();
    }

    @Test
    void aStreamIsWatchedFromItsWritersFirstWaitUntilItsHandleIsClosed() {
        ClientWatch.Watched w = clients.watch(new ByteArrayOutputStream(), nothing);
        w.willWait();
        w.willWait();
        assertThat(clients.watching()).isEqualTo(1);

        w.close();

        assertThat(clients.watching()).isZero();
    }

    @Test
    void aStreamWatchedWhileItsWriterWasBetweenLockAndUnlockReleasesOnlyWhatItTook() {
        try (ClientWatch.Watched w = clients.watch(new ByteArrayOutputStream(), nothing)) {
            w.lock(); // not watched yet: nothing taken
            w.willWait(); // the writer flushed and will wait: watched from now on
            w.unlock(); // must not release a lock it does not hold

            w.lock(); // watched: taken now, released below
            w.unlock();
            assertThat(clients.watching()).isEqualTo(1);
        }
        assertThat(clients.watching()).isZero();
    }
}

package dev.patchline.protocol.mqtt.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the trusted certificates of a CA directory ({@code --capath}): every regular file that holds a PEM
 * certificate, whatever its name (OpenSSL's {@code c_rehash} names them {@code <hash>.0}, distributions use
 * {@code *.pem} or {@code *.crt}). Files without a PEM certificate (a README, a CRL) are skipped; a file that
 * claims to hold one but does not parse is an error naming it.
 */
final class CaDirectory {

    private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

    private CaDirectory() {}

    /** @throws IllegalArgumentException when the directory is unreadable, a certificate is broken, or none is found */
    static List<X509Certificate> certificates(Path directory) {
        if (!Files.isDirectory(directory) || !Files.isReadable(directory)) {
            throw new IllegalArgumentException(
                    "CA directory " + directory + " does not exist or is not a readable" + " directory");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.sorted().toList()) {
                if (Files.isRegularFile(file) && Files.isReadable(file) && holdsPemCertificate(file)) {
                    certificates.addAll(certificatesOf(file));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list CA directory " + directory + ": " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("CA directory " + directory + " holds no PEM certificate (files with '"
                    + PEM_CERTIFICATE + "'); put the CA certificates there or use a CA file instead");
        }
        return certificates;
    }

    /** Every certificate of one PEM file. */
    static List<X509Certificate> certificatesOf(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> result = new ArrayList<>();
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                result.add((X509Certificate) certificate);
            }
            return result;
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException(
                    "cannot read the CA certificate(s) in " + file + ": " + e.getMessage() + " (expected PEM, '"
                            + PEM_CERTIFICATE + "')",
                    e);
        }
    }

    private static boolean holdsPemCertificate(Path file) throws IOException {
        // CA files are small; a large file here is no certificate bundle anyone meant to trust wholesale.
        if (Files.size(file) > 4L * 1024 * 1024) {
            return false;
        }
        return Files.readString(file, StandardCharsets.ISO_8859_1).contains(PEM_CERTIFICATE);
    }
}

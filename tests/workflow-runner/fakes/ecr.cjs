// ECR as the scenarios' fakes see it (state: $FAKE_STATE_DIR/ecr.json), shared by `docker push`, the `aws ecr`
// fake and the ECR HTTP endpoint the AWS SDK calls (AWS_ENDPOINT_URL_ECR). Answers use the API's documented
// shapes (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/).
const crypto = require("node:crypto");
const { read, update } = require("./state.cjs");

const emptyEcr = () => ({ account: "123456789012", region: "eu-west-1", repositories: {} });

/** A manifest whose config blob is the local image ID, as `docker push` of a classic-store image makes it. */
function manifestFor(imageId) {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.docker.distribution.manifest.v2+json",
    config: { mediaType: "application/vnd.docker.container.image.v1+json", size: 1469, digest: imageId },
    layers: [],
  });
}

function sha256(text) {
  return `sha256:${crypto.createHash("sha256").update(text).digest("hex")}`;
}

class EcrError extends Error {
  constructor(type, message) {
    super(message);
    this.type = type;
  }
}

function repository(state, name) {
  const repo = state.repositories[name];
  if (!repo)
    throw new EcrError(
      "RepositoryNotFoundException",
      `The repository with name '${name}' does not exist in the registry with id '${state.account}'`,
    );
  return repo;
}

/** BatchGetImage: a missing tag is a `failures` entry with ImageNotFound, not an error. */
function batchGetImage(input, env) {
  const state = read("ecr", emptyEcr(), env);
  const repo = repository(state, input.repositoryName);
  const images = [];
  const failures = [];
  for (const id of input.imageIds ?? []) {
    const image = repo.images.find((i) =>
      id.imageTag ? i.tags.includes(id.imageTag) : i.digest === id.imageDigest,
    );
    if (image) {
      images.push({
        registryId: state.account,
        repositoryName: input.repositoryName,
        imageId: { imageDigest: image.digest, ...(id.imageTag ? { imageTag: id.imageTag } : {}) },
        imageManifest: image.manifest,
        imageManifestMediaType: "application/vnd.docker.distribution.manifest.v2+json",
      });
    } else {
      failures.push({
        imageId: id,
        failureCode: "ImageNotFound",
        failureReason: "Requested image not found",
      });
    }
  }
  return { images, failures };
}

/** DescribeImages: a missing tag is ImageNotFoundException. */
function describeImages(input, env) {
  const state = read("ecr", emptyEcr(), env);
  const repo = repository(state, input.repositoryName);
  const ids = input.imageIds ?? repo.images.map((i) => ({ imageDigest: i.digest }));
  const imageDetails = ids.map((id) => {
    const image = repo.images.find((i) =>
      id.imageTag ? i.tags.includes(id.imageTag) : i.digest === id.imageDigest,
    );
    if (!image)
      throw new EcrError(
        "ImageNotFoundException",
        `The image with imageId {imageDigest:'${id.imageDigest ?? "null"}', imageTag:'${id.imageTag ?? "null"}'} ` +
          `does not exist within the repository with name '${input.repositoryName}' in the registry with id '${state.account}'`,
      );
    return {
      registryId: state.account,
      repositoryName: input.repositoryName,
      imageDigest: image.digest,
      imageTags: image.tags,
      imageSizeInBytes: 52428800,
      imagePushedAt: image.pushedAt,
      imageManifestMediaType: "application/vnd.docker.distribution.manifest.v2+json",
    };
  });
  return { imageDetails };
}

function describeRepositories(input, env) {
  const state = read("ecr", emptyEcr(), env);
  const names = input.repositoryNames ?? Object.keys(state.repositories);
  return {
    repositories: names.map((name) => {
      const repo = repository(state, name);
      return {
        repositoryArn: `arn:aws:ecr:${state.region}:${state.account}:repository/${name}`,
        registryId: state.account,
        repositoryName: name,
        repositoryUri: `${state.account}.dkr.ecr.${state.region}.amazonaws.com/${name}`,
        imageTagMutability: repo.immutable === false ? "MUTABLE" : "IMMUTABLE",
      };
    }),
  };
}

function getAuthorizationToken(_input, env) {
  const state = read("ecr", emptyEcr(), env);
  return {
    authorizationData: [
      {
        authorizationToken: Buffer.from("AWS:fake-ecr-password").toString("base64"),
        expiresAt: Math.floor(Date.now() / 1000) + 43200,
        proxyEndpoint: `https://${state.account}.dkr.ecr.${state.region}.amazonaws.com`,
      },
    ],
  };
}

/**
 * The registry side of `docker push`. An IMMUTABLE repository refuses any existing tag, even for the same
 * image (https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html); Docker prints
 * the registry's text: "tag invalid: The image tag '<tag>' already exists in the '<repo>' repository and
 * cannot be overwritten because the repository is immutable." (as quoted in aws/containers-roadmap#862).
 */
function push(repositoryName, tag, imageId, env) {
  return update(
    "ecr",
    emptyEcr(),
    (state) => {
      const repo = repository(state, repositoryName);
      const manifest = manifestFor(imageId);
      const digest = sha256(manifest);
      const holder = repo.images.find((i) => i.tags.includes(tag));
      if (holder && repo.immutable !== false) {
        throw new EcrError(
          "ImageTagAlreadyExistsException",
          `tag invalid: The image tag '${tag}' already exists in the '${repositoryName}' repository and cannot be overwritten because the repository is immutable.`,
        );
      }
      if (holder) holder.tags = holder.tags.filter((t) => t !== tag);
      let image = repo.images.find((i) => i.digest === digest);
      if (!image) {
        image = { digest, manifest, tags: [], pushedAt: Math.floor(Date.now() / 1000) };
        repo.images.push(image);
      }
      image.tags.push(tag);
      return { digest, size: manifest.length };
    },
    env,
  );
}

/**
 * PutImage: adds `imageTag` to the image whose manifest is `imageManifest` (a re-tag, with no layer upload).
 * As documented (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_PutImage.html): the manifest
 * and tag already stored together is ImageAlreadyExistsException; in an IMMUTABLE repository a tag held by
 * another image is ImageTagAlreadyExistsException; an `imageDigest` that is not the manifest's digest is
 * ImageDigestDoesNotMatchException; a manifest of layers the repository lacks is LayersNotFoundException.
 */
function putImage(input, env) {
  return update(
    "ecr",
    emptyEcr(),
    (state) => {
      const repo = repository(state, input.repositoryName);
      const digest = sha256(input.imageManifest);
      if (input.imageDigest && input.imageDigest !== digest)
        throw new EcrError(
          "ImageDigestDoesNotMatchException",
          `Invalid parameter at 'imageDigest' failed to satisfy constraint: 'The provided digest does not match the digest of the manifest'`,
        );
      const image = repo.images.find((i) => i.digest === digest);
      if (!image)
        throw new EcrError(
          "LayersNotFoundException",
          `The image manifest references layers that are not in the repository '${input.repositoryName}'`,
        );
      const tag = input.imageTag;
      if (image.tags.includes(tag))
        throw new EcrError(
          "ImageAlreadyExistsException",
          `Image with digest '${digest}' and tag '${tag}' already exists in the repository with name '${input.repositoryName}' in registry with id '${state.account}'`,
        );
      const holder = repo.images.find((i) => i.tags.includes(tag));
      if (holder && repo.immutable !== false)
        throw new EcrError(
          "ImageTagAlreadyExistsException",
          `The image tag '${tag}' already exists in the '${input.repositoryName}' repository and cannot be overwritten because the repository is immutable.`,
        );
      if (holder) holder.tags = holder.tags.filter((t) => t !== tag);
      image.tags.push(tag);
      return {
        image: {
          registryId: state.account,
          repositoryName: input.repositoryName,
          imageId: { imageDigest: digest, imageTag: tag },
          imageManifest: input.imageManifest,
          imageManifestMediaType: input.imageManifestMediaType,
        },
      };
    },
    env,
  );
}

const operations = {
  PutImage: putImage,
  BatchGetImage: batchGetImage,
  DescribeImages: describeImages,
  DescribeRepositories: describeRepositories,
  GetAuthorizationToken: getAuthorizationToken,
};

module.exports = { operations, push, manifestFor, sha256, EcrError, emptyEcr };
